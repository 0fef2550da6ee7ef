"""Leases on clock-driven jobs: claim one, and only one claimer runs the job until it expires.

A claim is one UPDATE that moves ``expires_at`` into the future only where it has passed, judged
by the DATABASE's clock (``now()`` on PostgreSQL, ``CURRENT_TIMESTAMP``'s clock on SQLite), so
cron, the app and several replicas on machines whose clocks differ still agree. Two claimers at
once: on SQLite ``BEGIN IMMEDIATE`` lets one writer in at a time; on PostgreSQL the second UPDATE
waits for the first's row lock and then re-checks the WHERE on the row the first committed.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, func, literal_column, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select
from sqlmodel.sql.sqltypes import UTCDateTime

from db.engine import read_session, write_session
from db.models import JobLease
from program.vocabulary import Job

# A row that has never been claimed: expired since long before any claim.
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def holder_name() -> str:
    """Who is claiming: this machine, this process, and a random tag (a pid can be reused)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


def _now_plus(session: Session, seconds: float) -> ColumnElement:
    """The database's own clock, ``seconds`` from now, as the column type stores it."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLAlchemy keeps SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' text in UTC; %f gives
        # milliseconds, padded to microseconds so the stored text parses back exactly.
        return literal_column(
            f"strftime('%Y-%m-%d %H:%M:%f', 'now', '{float(seconds):+.3f} seconds') || '000'",
            type_=UTCDateTime(),
        )
    return func.now() + func.make_interval(0, 0, 0, 0, 0, 0, float(seconds), type_=UTCDateTime())


def _ensure_row(session: Session, job: Job) -> None:
    insert = postgresql.insert if session.get_bind().dialect.name != "sqlite" else sqlite.insert
    session.execute(insert(JobLease).values(name=job, expires_at=NEVER).on_conflict_do_nothing())


def claim(job: Job, *, holder: str, seconds: float) -> bool:
    """Hold ``job`` for ``seconds`` if nobody holds it now; True when this claimer got it."""
    with write_session() as session:
        _ensure_row(session, job)
        now = _now_plus(session, 0)
        won = session.execute(
            update(JobLease)
            .where(JobLease.name == job, JobLease.expires_at <= now)
            .values(holder=holder, claimed_at=now, expires_at=_now_plus(session, seconds))
        )
        return won.rowcount == 1


def release(job: Job, *, holder: str, hold_seconds: float = 0) -> None:
    """Say the job is done. The lease ends now (others may run it at once), or, for a job that
    must not run again too soon (the hourly cohort run, the once-a-minute escalation pass),
    ``hold_seconds`` after it was claimed."""
    with write_session() as session:
        row = session.get(JobLease, job, with_for_update=True)
        if row is None or row.holder != holder:
            return  # not ours (any more): leave it to its holder
        now = session.execute(select(_now_plus(session, 0))).scalar_one()
        row.finished_at = now
        row.expires_at = max(now, row.claimed_at + timedelta(seconds=hold_seconds))
        session.add(row)


def leases() -> dict[str, JobLease]:
    """Every job's lease row (for the admin's view of when the worker last ran)."""
    with read_session() as session:
        return {row.name: row for row in session.exec(select(JobLease)).all()}
