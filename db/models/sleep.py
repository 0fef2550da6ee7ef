"""The sleep diary: one entry per night per patient, with what it works out to.

A *night* is the patient's local date of the evening it began ("last night" = yesterday's date,
even when they got into bed after midnight). The clock times are the patient's own wall-clock
times of that night (no date, no zone: each is the first occurrence after the one before it, as
``program.sleep.summarize`` reads them). Time in bed, total sleep and efficiency are stored as
summarize worked them out when the entry was saved; saving the same night again updates the row.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import between

# The most awakenings a night may have (more is surely a typing mistake), and the most minutes any
# part of a night may take (the 20 hours summarize allows in bed).
MAX_AWAKENINGS = 50
MAX_NIGHT_MINUTES = 20 * 60


class SleepDiaryEntry(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("patient_id", "night"),
        between("sleepdiaryentry", "minutes_to_sleep", 0, MAX_NIGHT_MINUTES),
        between("sleepdiaryentry", "awakenings", 0, MAX_AWAKENINGS),
        between("sleepdiaryentry", "minutes_awake", 0, MAX_NIGHT_MINUTES),
        between("sleepdiaryentry", "quality", 1, 5),
        between("sleepdiaryentry", "time_in_bed", 1, MAX_NIGHT_MINUTES),
        between("sleepdiaryentry", "total_sleep", 0, MAX_NIGHT_MINUTES),
        between("sleepdiaryentry", "efficiency", 0, 100),
        CheckConstraint("total_sleep <= time_in_bed", name="ck_sleepdiaryentry_asleep_in_bed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    night: date
    into_bed: time
    minutes_to_sleep: int  # "How long after getting into bed did you fall asleep?"
    awakenings: int
    minutes_awake: int  # after first falling asleep
    final_wake: time
    out_of_bed: time
    quality: int  # 1 (very poorly) to 5 (very well)
    time_in_bed: int  # minutes, from program.sleep.summarize
    total_sleep: int  # minutes
    efficiency: float  # percent, one decimal
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
