"""Leases on clock-driven jobs, so each runs once across cron, the app and several replicas."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from db.models.base import one_of
from program.vocabulary import Job


class JobLease(SQLModel, table=True):
    """One row per job (db/leases.py): whoever moves ``expires_at`` into the future first holds it.

    Expiry is in DATABASE time (``now()`` on PostgreSQL, ``CURRENT_TIMESTAMP``'s clock on SQLite),
    so machines whose clocks disagree still agree on who holds a lease.
    """

    __table_args__ = (one_of("joblease", "name", tuple(Job)),)

    name: str = Field(primary_key=True, max_length=40)  # Job
    holder: str | None = Field(default=None, max_length=120)  # host:pid:random of the claimer
    claimed_at: datetime | None = None
    expires_at: datetime
    finished_at: datetime | None = None  # when the holder last said it was done
