"""SQLModel tables: the one description of what Recalibrate stores.

Times are aware UTC datetimes (``core.clock.utcnow()``); days a patient lives in are stored as that
patient's local ``date`` next to their IANA time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from program.vocabulary import (
    CARE_ROLES,
    WARNING_SIGN_TIERS,
    EnrolmentStatus,
    FlagStatus,
    Severity,
)

VERSION_STATUSES = ("draft", "published")
SESSION_KINDS = ("staff", "patient")
AUDIT_OUTCOMES = ("ok", "refused", "failed")
# The database itself refuses a second open flag for one (patient, episode); see migration 0007.
OPEN_FLAG_WHERE = f"status <> '{FlagStatus.RESOLVED}'"


# CHECK constraints (migration 0007 writes the same ones out as literals): the database refuses
# what the actions already refuse, so no other writer (a script, a transfer) can store it either.
def one_of(table: str, column: str, values: Iterable[str]) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"ck_{table}_{column}")


def between(table: str, column: str, low: int, high: int | None = None) -> CheckConstraint:
    rule = f"{column} >= {low}" if high is None else f"{column} BETWEEN {low} AND {high}"
    return CheckConstraint(rule, name=f"ck_{table}_{column}")


# --- identity and care team -------------------------------------------------------------------


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=120)
    email: str | None = Field(default=None, max_length=254)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    password_hash: str = Field(max_length=200)
    active: bool = True
    must_change_password: bool = False
    clinic_wide: bool = False  # staff who may see every patient of the clinic
    failed_logins: int = 0
    locked_until: datetime | None = None
    # Lockouts in a row since the last good login: each lasts twice as long as the one before.
    lockouts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    password_changed_at: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)


class Patient(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    given_name: str = Field(max_length=80)
    family_name: str = Field(max_length=80)
    date_of_birth: date
    record_number: str = Field(max_length=40, unique=True)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    preferred_contact: str = Field(default="phone", max_length=20)
    emergency_contact: str | None = Field(default=None, max_length=200)
    timezone: str = Field(default="America/New_York", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class CareTeamMember(SQLModel, table=True):
    __table_args__ = (one_of("careteammember", "role", CARE_ROLES),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(max_length=20)  # Role.COORDINATOR | Role.CLINICIAN
    from_date: date
    to_date: date | None = None


class LoginSession(SQLModel, table=True):
    __table_args__ = (one_of("loginsession", "kind", SESSION_KINDS),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    # The signed cookie carries a random session id; only its SHA-256 is kept here, so a revoked
    # session's cookie is refused and a copy of the database cannot be made into a cookie.
    sid_sha256: str = Field(max_length=64, unique=True)
    kind: str = Field(max_length=20)  # staff | patient
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = Field(default=None, max_length=40)


class PasswordResetToken(SQLModel, table=True):
    """A single-use, expiring reset link; only the SHA-256 of the token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_sha256: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


# --- program and plan -------------------------------------------------------------------------


class Program(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True)
    title: str = Field(max_length=120)
    weeks: int = 12


class Module(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("program_id", "slug"),)
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    slug: str = Field(max_length=80)
    week: int
    track: str = Field(max_length=20)  # Track
    order: int = 1


class ModuleVersion(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("module_id", "number"),
        one_of("moduleversion", "status", VERSION_STATUSES),
    )
    id: int | None = Field(default=None, primary_key=True)
    module_id: int = Field(foreign_key="module.id", index=True)
    number: int
    status: str = Field(default="published", max_length=20)  # draft | published
    title: str = Field(max_length=120)
    summary: str = Field(default="", max_length=400)
    body: str
    minutes: int
    check: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    content_hash: str | None = Field(default=None, max_length=64)
    source: str = Field(default="shipped", max_length=20)  # shipped | clinician
    effective_from: datetime = Field(default_factory=utcnow)
    published_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Enrolment(SQLModel, table=True):
    __table_args__ = (one_of("enrolment", "status", tuple(EnrolmentStatus)),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    program_id: int = Field(foreign_key="program.id")
    start_date: date  # enrolment: onboarding and the baseline week may begin
    # Week 1 starts on this local date, set when the baseline is done; None = still in baseline.
    week1_start: date | None = None
    status: str = Field(default=EnrolmentStatus.ACTIVE, max_length=20)  # EnrolmentStatus
    created_at: datetime = Field(default_factory=utcnow)


class PlanEvent(SQLModel, table=True):
    """Append-only change to one patient's plan; the current plan is computed from these."""

    id: int | None = Field(default=None, primary_key=True)
    enrolment_id: int = Field(foreign_key="enrolment.id", index=True)
    kind: str = Field(max_length=30)  # PlanEventKind
    module_id: int | None = Field(default=None, foreign_key="module.id")
    effective_date: date
    reason: str = Field(max_length=500)
    actor_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


# --- what patients record ---------------------------------------------------------------------


class CheckIn(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("patient_id", "local_date"),
        between("checkin", "pain", 0, 10),
        between("checkin", "sleep_quality", 1, 5),
        between("checkin", "mood", 1, 5),
        between("checkin", "stress", 1, 5),
    )
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    local_date: date
    pain: int
    sleep_quality: int
    mood: int
    stress: int
    flare: bool = False
    medicines_changed: bool = False
    medicines_note: str | None = Field(default=None, max_length=1000)
    anything_new: bool = False
    warning_signs: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Consent(SQLModel, table=True):
    """The patient agreed to this version of the program terms (append-only)."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    version: str = Field(max_length=20)
    text_hash: str = Field(max_length=64)
    accepted_at: datetime = Field(default_factory=utcnow)


class Goal(SQLModel, table=True):
    """Something the patient wants to get back to, in their own words."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    text: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    achieved_at: datetime | None = None
    archived: bool = False


class QuestionnaireResponse(SQLModel, table=True):
    """A completed questionnaire with its score; never edited (a retake adds a row)."""

    __table_args__ = (
        between("questionnaireresponse", "total", 0),
        between("questionnaireresponse", "program_week", 0),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    instrument: str = Field(max_length=10, index=True)  # QuestionnaireCode
    version: str = Field(default="1", max_length=10)
    answers: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    total: float
    band: str | None = Field(default=None, max_length=30)
    positive: bool | None = None
    program_week: int  # 0 = the baseline week
    local_date: date
    taken_at: datetime = Field(default_factory=utcnow)


class QuestionnaireDraft(SQLModel, table=True):
    """Answers so far of a half-done questionnaire, so a locked phone loses nothing."""

    __table_args__ = (UniqueConstraint("patient_id", "instrument"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    instrument: str = Field(max_length=10)
    answers: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class CheckInDraft(SQLModel, table=True):
    """Today's check-in answers so far, saved as the patient taps: a locked phone loses nothing.

    Deleted when the check-in is saved. ``answers`` holds only keys and values that
    ``save_check_in_draft`` accepts (db/actions/check_in_drafts.py).
    """

    __table_args__ = (UniqueConstraint("patient_id", "local_date"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    local_date: date
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class ModuleCompletion(SQLModel, table=True):
    """The patient finished this version of a module (outcomes stay tied to the version done)."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    module_version_id: int = Field(foreign_key="moduleversion.id", index=True)
    local_date: date
    completed_at: datetime = Field(default_factory=utcnow)
    minutes: int | None = None
    # Original option indices (as in the version's check), whatever order the patient saw them in.
    check_answers: list[int] = Field(default_factory=list, sa_column=Column(JSON))
    check_correct: int | None = None
    check_total: int | None = None


# --- what the care team works with ------------------------------------------------------------


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


class AuditChainHead(SQLModel, table=True):
    """Single row locked by every audit write so concurrent writers serialize on the chain."""

    __table_args__ = (CheckConstraint("id = 1", name="ck_auditchainhead_one_row"),)

    id: int = Field(default=1, primary_key=True)
    last_hash: str = Field(max_length=64)
    count: int = 0


# --- text limits ------------------------------------------------------------------------------


def max_length(model: type[SQLModel], field: str) -> int:
    """The most characters ``model.field`` stores: the one text limit actions and pages read."""
    length = getattr(model.__table__.c[field].type, "length", None)  # type: ignore[attr-defined]
    if length is None:
        raise ValueError(f"{model.__name__}.{field} has no length limit")
    return int(length)
