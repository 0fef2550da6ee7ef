"""The patient's daily calendar reminder: the time of day they chose and the reminder's own id.

The reminder itself lives in the patient's calendar app (a downloaded ``.ics``, export/reminders.py);
the app keeps only what makes a new download the same reminder: a random id that says nothing
about the patient (the calendar's UID) and the chosen local time.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import between

MINUTES_IN_A_DAY = 24 * 60


class DailyReminder(SQLModel, table=True):
    __table_args__ = (between("dailyreminder", "minute_of_day", 0, MINUTES_IN_A_DAY - 1),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", unique=True)
    # Random hex, never derived from the patient: the calendar event's UID (``<token>@recalibrate``).
    uid_token: str = Field(max_length=32, unique=True)
    minute_of_day: int  # the patient's local time: 0 = midnight, 1140 = 19:00
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
