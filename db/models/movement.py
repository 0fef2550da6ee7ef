"""Graded movement: the exercises a patient chose, their baseline days, daily logs, the flare plan.

Targets are never stored: they are computed from these rows, the check-ins and the plan events
(db/movement_inputs.py, program/movement_plan.py). A log keeps the target shown that day.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import between, one_of
from program.movement_plan import MAX_AMOUNT
from program.vocabulary import MovementFeeling, MovementResult

# One active choice per (patient, exercise): the database refuses a second (migration 0013).
ACTIVE_CHOICE_WHERE = "stopped_on IS NULL"


class ExerciseChoice(SQLModel, table=True):
    """An exercise from the library the patient works on; stopping it keeps the row.

    Choosing an exercise again after stopping it adds a new row with a new baseline.
    """

    __table_args__ = (
        CheckConstraint(
            "stopped_on IS NULL OR stopped_on >= chosen_on", name="ck_exercisechoice_stopped_on"
        ),
        Index(
            "uq_exercisechoice_active",
            "patient_id",
            "exercise",
            unique=True,
            sqlite_where=text(ACTIVE_CHOICE_WHERE),
            postgresql_where=text(ACTIVE_CHOICE_WHERE),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    exercise: str = Field(max_length=60)  # a slug of program/content/movement/exercises.yaml
    chosen_on: date  # the patient's local date
    stopped_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class MovementBaselineDay(SQLModel, table=True):
    """One day of comfortable tolerance for a chosen exercise; the first three make the baseline."""

    __table_args__ = (
        UniqueConstraint("choice_id", "local_date"),
        between("movementbaselineday", "amount", 1, MAX_AMOUNT),
    )

    id: int | None = Field(default=None, primary_key=True)
    choice_id: int = Field(foreign_key="exercisechoice.id", index=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    local_date: date
    amount: int  # whole minutes or repetitions (the exercise's unit)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MovementLog(SQLModel, table=True):
    """What the patient did of a chosen exercise on one day, against the target shown that day."""

    __table_args__ = (
        UniqueConstraint("choice_id", "local_date"),
        between("movementlog", "amount", 0, MAX_AMOUNT),
        between("movementlog", "target", 1, MAX_AMOUNT),
        one_of("movementlog", "result", tuple(MovementResult)),
        one_of("movementlog", "felt", tuple(MovementFeeling)),
    )

    id: int | None = Field(default=None, primary_key=True)
    choice_id: int = Field(foreign_key="exercisechoice.id", index=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    exercise: str = Field(max_length=60)
    local_date: date
    amount: int  # whole minutes or repetitions done
    target: int  # the rounded target the patient saw that day
    result: str = Field(max_length=20)  # MovementResult: as planned, less, more
    felt: str = Field(max_length=20)  # MovementFeeling
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class FlarePlan(SQLModel, table=True):
    """The patient's own flare plan, in their words; each save adds a version (newest is used)."""

    __table_args__ = (
        UniqueConstraint("patient_id", "version"),
        between("flareplan", "version", 1),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    version: int
    helps: str = Field(default="", max_length=1000)  # what helps me in a flare
    tell: str = Field(default="", max_length=1000)  # whom I tell, and what I say
    scale_down: str = Field(default="", max_length=1000)  # how I scale down my plan
    build_up: str = Field(default="", max_length=1000)  # how I build back up to my level
    created_at: datetime = Field(default_factory=utcnow)
