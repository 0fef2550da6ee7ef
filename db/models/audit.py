"""The audit trail: append-only, chained and sealed rows, and the head every writer locks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, false
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import AUDIT_OUTCOMES, one_of


class AuditEvent(SQLModel, table=True):
    """Append-only, hash-chained record of who did what; never health details."""

    __table_args__ = (one_of("auditevent", "outcome", AUDIT_OUTCOMES),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor_username: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=60, index=True)
    outcome: str = Field(default="ok", max_length=20)  # ok | refused | failed
    patient_id: int | None = Field(default=None, index=True)
    detail: str = Field(default="", max_length=300)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
    # Which key sealed the row (core.audit_keys); None for rows from before the chain was keyed.
    key_id: str | None = Field(default=None, max_length=16)
    # Written in a session that began with a temporary password someone else issued (sealed with
    # the row when set; rows without it keep the seal they were written with: db/audit.py).
    temporary_password_session: bool = Field(
        default=False, sa_column_kwargs={"server_default": false()}
    )


class AuditChainHead(SQLModel, table=True):
    """Single row locked by every audit write so concurrent writers serialize on the chain."""

    __table_args__ = (CheckConstraint("id = 1", name="ck_auditchainhead_one_row"),)

    id: int = Field(default=1, primary_key=True)
    last_hash: str = Field(max_length=64)
    count: int = 0
