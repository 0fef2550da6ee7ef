"""A throwaway PostgreSQL server for tests: its own data directory under /tmp, on loopback.

``start_server()`` runs Debian's ``initdb`` and ``pg_ctl`` (as the ``postgres`` user when we are
root, since initdb refuses root; as ourselves otherwise) and returns a running ``PostgresServer``;
``server.url(name)`` is a SQLAlchemy URL for one of its databases; ``create_database`` and
``drop_database`` make and remove one (from a template: a migrated copy in ~40 ms). Reused by every test that needs
a real PostgreSQL (the engine-parametrized fixtures in tests/conftest.py, backups, transfers).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa


def _newest_pg_bin() -> Path:
    """Debian's newest installed server binaries (15 on bookworm, 17 on trixie), or 15's path."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found.sort(key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0)
    return found[-1] if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ["PG_BIN"]) if os.environ.get("PG_BIN") else _newest_pg_bin()
SUPERUSER = "postgres"
# A throwaway server: durability against a power cut is not what these tests are about.
_NAMES = itertools.count(1)
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here (binaries missing, or the start failed)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    """``cmd`` as the ``postgres`` user when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", SUPERUSER, "--", *cmd]


@dataclass
class PostgresServer:
    data_dir: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if not self.data_dir.exists():
            return
        _admin(self.url()).dispose()
        subprocess.run(
            _as_owner(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.data_dir, ignore_errors=True)


def _admin(url: str) -> sa.Engine:
    """An AUTOCOMMIT engine on the server's maintenance database (for CREATE/DROP DATABASE)."""
    return _admin_engine(sa.make_url(url).set(database="postgres").render_as_string(False))


@functools.cache
def _admin_engine(url: str) -> sa.Engine:
    # Kept for the run: a pooled connection saves a backend start on every test's create and drop.
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)


def create_database(url: str, *, template: str | None = None, name: str | None = None) -> str:
    """A new database on the server at ``url`` (a copy of ``template`` if given); its URL.

    FILE_COPY copies the template's files at once: about 40 ms for the migrated schema, a third of
    the default WAL_LOG strategy on this small a database.
    """
    name = name or f"test_{os.getpid()}_{next(_NAMES)}"
    clause = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
    with _admin(url).connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
    return sa.make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database ``url`` names, closing any connection still open to it."""
    name = sa.make_url(url).database
    with _admin(url).connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_postgres() -> str:
    """Start a throwaway server (see start_server); the URL of its ``postgres`` database."""
    return start_server().url()


def start_server(*, fast: bool = True, attempts: int = 3) -> PostgresServer:
    """Create and start a throwaway server; raises PostgresUnavailable with the reason."""
    if not (PG_BIN / "initdb").exists():
        raise PostgresUnavailable(f"PostgreSQL is not installed ({PG_BIN}/initdb missing)")
    data_dir = Path(tempfile.mkdtemp(prefix="recalibrate-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SUPERUSER)
        except KeyError as exc:
            raise PostgresUnavailable("running as root but there is no 'postgres' user") from exc
        os.chown(data_dir, owner.pw_uid, owner.pw_gid)
    init = subprocess.run(
        _as_owner(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data_dir),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode != 0:
        shutil.rmtree(data_dir, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    extra = "".join(f" -c {setting}" for setting in FAST_SETTINGS) if fast else ""
    last_error = ""
    for _ in range(attempts):
        port = _free_port()
        options = f"-p {port} -k {data_dir} -c listen_addresses=127.0.0.1{extra}"
        started = subprocess.run(
            _as_owner(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data_dir),
                    "-o",
                    options,
                    "-l",
                    str(data_dir / "server.log"),
                    "-w",
                    "start",
                ]
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        if started.returncode == 0:
            server = PostgresServer(data_dir=data_dir, port=port)
            atexit.register(server.stop)  # even if the caller forgets (or the run is interrupted)
            return server
        with contextlib.suppress(OSError):
            last_error = (data_dir / "server.log").read_text()[-2000:]
    shutil.rmtree(data_dir, ignore_errors=True)
    raise PostgresUnavailable(f"the server did not start: {last_error.strip()}")
