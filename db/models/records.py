"""What patients record: check-ins, consent, goals, questionnaires, drafts, completions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import between


class CheckIn(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("patient_id", "local_date"),
        # The panel (migration 0018): the last weeks of everyone's check-ins in one range read,
        # and one patient's baseline week, each from an index alone.
        Index("ix_checkin_day", "local_date", "patient_id", "pain"),
        Index("ix_checkin_patient_day_pain", "patient_id", "local_date", "pain"),
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
        # The panel (migration 0018): a patient's first weekly PEG in one index read, and the
        # last weeks' questionnaires of everyone (latest PEG, adherence) in one range read.
        Index(
            "ix_questionnaireresponse_weekly",
            "patient_id",
            "instrument",
            "program_week",
            "taken_at",
            "total",
        ),
        Index(
            "ix_questionnaireresponse_day",
            "local_date",
            "patient_id",
            "instrument",
            "program_week",
            "taken_at",
            "total",
        ),
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

    # The panel: a patient's lessons done in the adherence window, from the index alone
    # (migration 0018).
    __table_args__ = (
        Index("ix_modulecompletion_patient_day", "patient_id", "local_date", "module_version_id"),
    )

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
