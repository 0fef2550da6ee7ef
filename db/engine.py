"""Engines from ``Settings.database_url`` (core.settings), with the SQLite pragmas the app needs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from core.settings import ROOT, Settings, database_url
from db import panel_summary  # noqa: F401 (keeps PatientSummary current on every session's flush)

DEFAULT_DATA_DIR = ROOT / "data"

# How long a writer waits for another's transaction. SQLite's busy handler is not fair: under a
# burst of writers from several processes (8 x 500 writes in tests/db/test_durability.py) a
# writer waited more than 5 s and failed with "database is locked"; 30 s outlasts such a burst,
# and a user would rather wait than lose what they typed.
BUSY_TIMEOUT_MS = 30_000


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy's "begin" event decide how each transaction starts (see below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        # Writes read first (permission, dedupe); a deferred BEGIN could then fail with
        # "database is locked" despite the busy timeout, so writers take the lock up front.
        if conn.get_execution_options().get("immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


PRIVATE_UMASK = 0o077  # files and folders the app creates: its own user only


def keep_files_private() -> None:
    """From now on this process creates files 600 and folders 700 (database, WAL, backups).

    Called first thing by the app, ``db.migrate`` and ``db.seed`` (and ``make run`` sets it too):
    the database holds health records, and other users of the machine must not read it.
    """
    os.umask(PRIVATE_UMASK)


def private_sqlite_files(url: str) -> None:
    """Create the SQLite file's folder 700, and make an existing database and its WAL/SHM 600."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return
    path = Path(url.removeprefix("sqlite:///"))
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    elif path.parent == DEFAULT_DATA_DIR:  # our own data/ folder: tighten an older, looser one
        path.parent.chmod(0o700)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if name.stat().st_mode & 0o077:
                name.chmod(0o600)


@cache
def engine_for(url: str) -> Engine:
    """One engine per database URL for the life of the process."""
    if url.startswith("sqlite"):
        private_sqlite_files(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def get_engine(settings: Settings | None = None) -> Engine:
    """The engine ``settings.database_url`` points at (by default: what load_settings would read)."""
    return engine_for(settings.database_url if settings is not None else database_url())


@contextmanager
def read_session() -> Iterator[Session]:
    """A session for reads (no write lock taken)."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session() -> Iterator[Session]:
    """One transaction for one user action: commits on success, rolls back on any error."""
    engine = get_engine().execution_options(immediate=True)
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
