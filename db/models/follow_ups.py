"""Follow-ups: a patient's request, the visit booked for it, the care team's outreach attempts,
and a patient's "Not now" to a prompt."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, Column, Index, text
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import between, one_of
from program.vocabulary import (
    ACTIVE_FOLLOW_UP_STATUSES,
    FollowUpStatus,
    OutreachMethod,
    VisitModality,
)

# The database itself refuses a second request in progress for one patient (migration 0016).
ACTIVE_REQUEST_WHERE = "status IN ({})".format(
    ", ".join(f"'{status}'" for status in ACTIVE_FOLLOW_UP_STATUSES)
)


class FollowUpRequest(SQLModel, table=True):
    """A follow-up asked for by the patient (from a prompt: ``flag_id``; or on their own: None),
    or opened by the care team when they book a visit for a flag."""

    __table_args__ = (
        one_of("followuprequest", "status", tuple(FollowUpStatus)),
        one_of("followuprequest", "modality", tuple(VisitModality)),
        CheckConstraint(
            f"status <> '{FollowUpStatus.CANCELLED}' OR "
            "(cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL AND cancel_reason IS NOT NULL)",
            name="ck_followuprequest_cancelled",
        ),
        Index(
            "uq_followuprequest_active",
            "patient_id",
            unique=True,
            sqlite_where=text(ACTIVE_REQUEST_WHERE),
            postgresql_where=text(ACTIVE_REQUEST_WHERE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    flag_id: int | None = Field(default=None, foreign_key="flag.id", index=True)
    modality: str = Field(max_length=20)  # VisitModality
    # Up to three {"day": "tue", "time": "morning"} (program.follow_ups.checked_windows).
    windows: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    note: str | None = Field(default=None, max_length=1000)  # the patient's words, as typed
    status: str = Field(default=FollowUpStatus.REQUESTED, max_length=20)  # FollowUpStatus
    asked_on: date  # the patient's local date
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int = Field(foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancelled_by: int | None = Field(default=None, foreign_key="user.id")
    cancel_reason: str | None = Field(default=None, max_length=300)


class Visit(SQLModel, table=True):
    """The visit booked for a request (one per request; booking again moves it, keeping its UID
    so that a calendar updates the same event)."""

    __table_args__ = (
        one_of("visit", "modality", tuple(VisitModality)),
        between("visit", "minutes", 5, 240),
        between("visit", "sequence", 0),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="followuprequest.id", unique=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    local_date: date  # in ``timezone``, the patient's when booked
    local_time: time
    timezone: str = Field(max_length=64)
    starts_at: datetime  # the same moment in UTC
    minutes: int = 30
    modality: str = Field(max_length=20)  # VisitModality
    clinician_id: int = Field(foreign_key="user.id")
    uid: str = Field(max_length=80, unique=True)  # the calendar event's UID (RFC 5545)
    sequence: int = 0  # RFC 5545 SEQUENCE: one more each time the visit moves or is cancelled
    booked_by: int = Field(foreign_key="user.id")
    booked_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    outcome_note: str | None = Field(default=None, max_length=2000)  # for staff
    plan_note: str | None = Field(default=None, max_length=1000)  # "Why your plan changed"
    plan_event_id: int | None = Field(default=None, foreign_key="planevent.id")
    completed_at: datetime | None = None
    completed_by: int | None = Field(default=None, foreign_key="user.id")


class OutreachAttempt(SQLModel, table=True):
    """One try by the care team to reach a patient about a request or a flag; append-only."""

    __table_args__ = (one_of("outreachattempt", "method", tuple(OutreachMethod)),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    request_id: int | None = Field(default=None, foreign_key="followuprequest.id", index=True)
    flag_id: int | None = Field(default=None, foreign_key="flag.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    method: str = Field(max_length=20)  # OutreachMethod
    note: str | None = Field(default=None, max_length=1000)
    by_id: int = Field(foreign_key="user.id")


class NotNowAnswer(SQLModel, table=True):
    """A patient's "Not now" to a soon or routine prompt: the rule stays quiet, and the prompt
    hidden, from ``said_on`` until ``returns_on`` (program.rules.quiet)."""

    __table_args__ = (CheckConstraint("returns_on > said_on", name="ck_notnowanswer_returns_on"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    flag_id: int = Field(foreign_key="flag.id", index=True)
    rule: str = Field(max_length=40)
    said_on: date  # the patient's local date
    returns_on: date
    created_at: datetime = Field(default_factory=utcnow)
