"""Breathing and mindfulness practice: one row per session the patient did (append-only)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import between, one_of
from program.practice import MAX_PRACTICE_MINUTES
from program.vocabulary import PracticeKind

# Breaths a minute the table accepts at all; the pace on offer (4-7) is program.defaults'.
BREATHS_PER_MINUTE_RANGE = (1, 30)


class PracticeSession(SQLModel, table=True):
    __table_args__ = (
        one_of("practicesession", "kind", PracticeKind),
        between("practicesession", "minutes", 1, MAX_PRACTICE_MINUTES),
        between("practicesession", "breaths_per_minute", *BREATHS_PER_MINUTE_RANGE),
        # A breathing session has its pace; the guided-text practices have none.
        CheckConstraint(
            f"(kind = '{PracticeKind.BREATHING}') = (breaths_per_minute IS NOT NULL)",
            name="ck_practicesession_pace",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    local_date: date  # the patient's own date when the session ended
    kind: str = Field(max_length=20)  # PracticeKind
    minutes: int
    breaths_per_minute: int | None = None
    completed: bool  # ran its whole planned length (False: stopped early)
    created_at: datetime = Field(default_factory=utcnow)
