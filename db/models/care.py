"""What the care team works with: flags and their history, the clinic card, warning-sign reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import OPEN_FLAG_WHERE, one_of
from program.vocabulary import WARNING_SIGN_TIERS, FlagStatus, Severity


class Flag(SQLModel, table=True):
    """One episode of a follow-up rule firing for a patient."""

    __table_args__ = (
        one_of("flag", "severity", tuple(Severity)),
        one_of("flag", "status", tuple(FlagStatus)),
        Index(
            "uq_flag_open_dedupe",
            "patient_id",
            "dedupe_key",
            unique=True,
            sqlite_where=text(OPEN_FLAG_WHERE),
            postgresql_where=text(OPEN_FLAG_WHERE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    rule: str = Field(max_length=40)
    dedupe_key: str = Field(max_length=120, index=True)
    severity: str = Field(max_length=20)  # Severity
    status: str = Field(default=FlagStatus.OPEN, max_length=20)  # FlagStatus
    explanation: str = Field(max_length=1000)
    # What the patient reads in the prompt on Today (program.rules); None: no prompt.
    patient_explanation: str | None = Field(default=None, max_length=1000)
    inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    opened_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    acknowledged_at: datetime | None = None
    acknowledged_by: int | None = Field(default=None, foreign_key="user.id")
    acknowledge_note: str | None = Field(default=None, max_length=2000)
    resolved_at: datetime | None = None
    resolved_by: int | None = Field(default=None, foreign_key="user.id")
    resolution_note: str | None = Field(default=None, max_length=2000)


class FlagEvent(SQLModel, table=True):
    """Append-only history of a flag episode: what fired it, who saw it, how it was closed.

    Written in the same transaction as the change to the flag (db/actions/flags.py).
    """

    id: int | None = Field(default=None, primary_key=True)
    flag_id: int = Field(foreign_key="flag.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=20)  # program.vocabulary.FlagEventKind
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    note: str | None = Field(default=None, max_length=2000)
    inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Clinic(SQLModel, table=True):
    """The clinic's public contact card (one row, id 1): what patients call, and when."""

    id: int = Field(default=1, primary_key=True)
    name: str = Field(max_length=120)
    phone: str = Field(max_length=40)
    after_hours_phone: str | None = Field(default=None, max_length=40)
    after_hours_label: str = Field(default="Nurse line, after hours", max_length=80)
    timezone: str = Field(default="America/New_York", max_length=64)
    # Per weekday ("mon".."sun") a list of ["HH:MM", "HH:MM"] open/close pairs, clinic time.
    hours: dict[str, list[list[str]]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    email: str | None = Field(default=None, max_length=254)
    address: str | None = Field(default=None, max_length=300)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user.id")


class WarningSignReport(SQLModel, table=True):
    """Warning signs the patient sent on their own ("Send to my care team"); append-only.

    Saved in the same transaction as the flag it opened or refreshed, and never blocked by the
    check-in's other questions: a report on its own is not a check-in.
    """

    __table_args__ = (one_of("warningsignreport", "tier", WARNING_SIGN_TIERS),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    local_date: date
    signs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    tier: str = Field(max_length=20)  # WARNING_SIGN_TIERS: emergency | urgent
    flag_id: int = Field(foreign_key="flag.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
