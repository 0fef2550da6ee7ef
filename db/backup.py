"""Backups a clinic can restore: ``python -m db.backup create PATH`` / ``restore PATH [--force]``.

Both work on the database in ``DATABASE_URL``. ``create`` writes a new file (never over an old
one) readable by its owner only: on SQLite with the online backup API in one step (a consistent
snapshot that includes the rows still in the WAL; a file copy could miss them or copy a torn
page), on PostgreSQL with ``pg_dump --format=custom``. ``restore`` refuses a database that already
holds data unless ``--force``, brings the schema to the newest migration and verifies the audit
chain. Exit codes: 0 done, 1 failed (the message says why), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sqlite3

# pg_dump/pg_restore run by absolute path with a fixed argv, never through a shell:
import subprocess  # nosec B404
import sys
from pathlib import Path

from sqlalchemy import column, func, inspect, select, table
from sqlalchemy.engine import make_url
from sqlmodel import Session

from core.settings import database_url
from db import audit
from db.engine import engine_for
from db.migrate import upgrade
from db.models import AuditChainHead

# Rows the migrations themselves write: a database holding only these counts as empty.
BOOKKEEPING = {"alembic_version", "auditchainhead"}
SQLITE_BUSY_MS = 30_000


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


# --- helpers shared by both engines ----------------------------------------------------------


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path:
    """The file behind a ``sqlite:///`` URL (in-memory databases cannot be backed up)."""
    name = make_url(url).database
    if not name or name == ":memory:":
        raise BackupError(
            "DATABASE_URL points at an in-memory SQLite database; nothing to back up."
        )
    return Path(name)


def row_counts(url: str) -> dict[str, int]:
    """Rows per table (bookkeeping tables included), for checks and drills."""
    engine = engine_for(url)
    names = inspect(engine).get_table_names()
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }


def holds_data(url: str) -> bool:
    """Whether any table other than the migrations' own bookkeeping has a row."""
    if _is_sqlite(url) and not sqlite_path(url).exists():
        return False
    counts = row_counts(url)
    if counts.get("auditevent"):  # the migration's own "keyed from here" row is bookkeeping too
        with engine_for(url).connect() as conn:
            counts["auditevent"] = conn.execute(
                select(func.count())
                .select_from(table("auditevent"))
                .where(column("action") != audit.KEYED_FROM_HERE)
            ).scalar_one()
    return any(n for name, n in counts.items() if name not in BOOKKEEPING)


def _new_private_file(path: Path) -> int:
    """Create ``path`` for writing, owner-only (0600); refuse if anything is there already."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{path} already exists; choose a new file name.") from None
    except OSError as exc:
        raise BackupError(f"cannot create {path}: {exc.strerror}") from None


def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` from PATH, else from Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")
    return candidates[-1]


def _pg_env(url: str) -> dict[str, str]:
    """libpq settings for the tools (the password travels in the environment, not argv)."""
    u = make_url(url)
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", u.host),
        ("PGPORT", str(u.port) if u.port else None),
        ("PGUSER", u.username),
        ("PGPASSWORD", u.password),
        ("PGDATABASE", u.database),
    ):
        if value:
            env[key] = value
    return env


def _run(args: list[str], url: str, stdout: object = subprocess.DEVNULL) -> None:
    """Run a PostgreSQL tool; its error output becomes the message when it fails."""
    # A fixed argv (tool path, flags, file name), no shell, so nothing is interpreted:
    done = subprocess.run(
        args, env=_pg_env(url), stdout=stdout, stderr=subprocess.PIPE, check=False
    )  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.decode(errors='replace')}")


# --- create ----------------------------------------------------------------------------------


def create(path: Path, url: str | None = None) -> None:
    """Write a new backup of the database at ``url`` (default DATABASE_URL) to ``path``."""
    url = url or database_url()
    source = sqlite_path(url) if _is_sqlite(url) else None
    if source is not None and not source.exists():
        raise BackupError(f"there is no database at {source}.")
    fd = _new_private_file(path)
    try:
        if source is not None:
            os.close(fd)
            _sqlite_copy(source, path)
        else:
            with os.fdopen(fd, "wb") as out:
                _run([pg_tool("pg_dump"), "--format=custom", "--no-owner"], url, stdout=out)
    except BaseException:
        path.unlink(missing_ok=True)  # never leave a half-written backup that looks whole
        raise


def _sqlite_copy(source: Path, target: Path) -> None:
    """One-step online backup (pages=-1): one consistent snapshot, WAL rows included."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=SQLITE_BUSY_MS / 1000)
    dst = sqlite3.connect(target)
    try:
        src.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        src.backup(dst, pages=-1)
        # A self-contained file: no -wal/-shm beside it once closed.
        dst.execute("PRAGMA journal_mode=DELETE")
        _check_sqlite(dst, target)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup could not be written: {exc}") from None
    finally:
        dst.close()
        src.close()


def _check_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite backup ({exc}).") from None
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


# --- restore ---------------------------------------------------------------------------------


def restore(path: Path, url: str | None = None, *, force: bool = False) -> None:
    """Load ``path`` into the database at ``url``, migrate it and verify the audit chain."""
    url = url or database_url()
    if not path.is_file():
        raise BackupError(f"there is no backup file at {path}.")
    if holds_data(url) and not force:
        raise BackupError(
            "the target database already holds data; restoring would replace it. "
            "Use --force only if you mean to overwrite it."
        )
    engine_for(url).dispose()  # no pooled connection may see the file change under it
    if _is_sqlite(url):
        _sqlite_restore(path, sqlite_path(url))
    else:
        _run(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "-d",
                make_url(url).database or "",
                str(path),
            ],
            url,
        )
    engine_for(url).dispose()
    upgrade(url)
    with Session(engine_for(url)) as session:
        problems = audit.verify(session)
        if not problems:
            # Say in the trail itself that it was rolled back: rows after N existed and are gone.
            head = session.get(AuditChainHead, 1)
            audit.record(
                session,
                actor=None,
                action=audit.RESTORED,
                detail=f"restored to sequence {head.count if head else 0} from a backup",
            )
            session.commit()
    if problems:
        raise BackupError("restored, but the audit chain is broken: " + "; ".join(problems[:5]))


def _sqlite_restore(backup: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{backup} cannot be opened: {exc}") from None
    try:
        _check_sqlite(src, backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.close(_new_private_file(target))
        dst = sqlite3.connect(target, timeout=SQLITE_BUSY_MS / 1000)
        try:
            src.backup(dst, pages=-1)
            _check_sqlite(dst, target)
        except sqlite3.Error as exc:
            raise BackupError(f"the restore could not be written: {exc}") from None
        finally:
            dst.close()
    finally:
        src.close()


# --- command line ----------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m db.backup", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("create", help="write a new backup file (mode 0600)")
    c.add_argument("path", type=Path)
    r = sub.add_parser("restore", help="load a backup into DATABASE_URL, migrate and verify")
    r.add_argument("path", type=Path)
    r.add_argument("--force", action="store_true", help="overwrite a database that holds data")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 on bad arguments
    try:
        if args.command == "create":
            create(args.path)
            print(f"backup written to {args.path} (readable by you only)")
        else:
            restore(args.path, force=args.force)
            print(f"restored {args.path}; schema is current and the audit chain is intact")
    except BackupError as exc:
        print(f"{args.command} failed: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a message, not a traceback, for whoever runs the drill
        print(f"{args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
