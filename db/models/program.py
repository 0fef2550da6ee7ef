"""The program and each patient's plan: modules and their versions, enrolments, plan events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import VERSION_SOURCES, VERSION_STATUSES, between, one_of
from program.vocabulary import EnrolmentStatus


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
    """One wording of a module. Drafts wait for a clinician; a published version is what patients
    get from its ``effective_from`` (their local date); a completion points at the version read."""

    __table_args__ = (
        UniqueConstraint("module_id", "number"),
        one_of("moduleversion", "status", VERSION_STATUSES),
        one_of("moduleversion", "source", VERSION_SOURCES),
        between("moduleversion", "minutes", 1, 60),
        between("moduleversion", "week", 1, 52),
    )
    id: int | None = Field(default=None, primary_key=True)
    module_id: int = Field(foreign_key="module.id", index=True)
    number: int
    status: str = Field(default="published", max_length=20)  # draft | published | discarded
    title: str = Field(max_length=120)
    summary: str = Field(default="", max_length=400)
    body: str = Field(max_length=20_000)  # Markdown, shown through program/lesson_markdown.py
    minutes: int
    check: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    content_hash: str | None = Field(default=None, max_length=64)
    source: str = Field(default="shipped", max_length=20)  # shipped | clinician
    # The first local date on which patients get this version once published (None: from the
    # start, as for the shipped first versions).
    effective_from: date | None = None
    # The program week this version places its module in (None: the module's own week).
    week: int | None = None
    change_note: str = Field(  # why a clinician changed it, for the version history
        default="", max_length=300, sa_column_kwargs={"server_default": ""}
    )
    created_by: int | None = Field(default=None, foreign_key="user.id")  # None: shipped
    published_by: int | None = Field(default=None, foreign_key="user.id")
    published_at: datetime | None = None
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
    # What the change sets, checked per kind by program.plan_changes (a movement level, the
    # rule-outs confirmed before bedtime scheduling ...); {} for the module and pause kinds.
    details: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default=text("'{}'"))
    )
    # A pause's planned last day (None: until resumed).
    until_date: date | None = None
