"""The patient's daily calendar reminder: the time they chose, its stable id, and its days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor
from db.engine import read_session
from db.lookups import PAUSE_KINDS, current_enrolment_with_program, plan_events
from db.models import DailyReminder, Patient
from db.queries import query
from db.queries.common import own_patient
from program.curriculum import current_pause, last_program_day
from program.reminders import reminder_days, time_of_day


@dataclass(frozen=True)
class ReminderView:
    patient_id: int
    enrolled: bool
    timezone: str
    first_day: date  # the days a reminder made today repeats on (program.reminders)
    last_day: date
    paused: bool = False
    at: time | None = None  # None until the patient has made a reminder
    token: str | None = None  # the calendar UID's random part; kept across downloads

    @property
    def ready(self) -> bool:
        return self.at is not None and self.token is not None


def reminder_view(session: Session, patient: Patient, day: date) -> ReminderView:
    saved = session.exec(
        select(DailyReminder).where(DailyReminder.patient_id == patient.id)
    ).first()
    found = current_enrolment_with_program(session, patient.id)
    events = plan_events(session, found[0].id, PAUSE_KINDS) if found else []
    end = last_program_day(found[0].week1_start, events, found[1].weeks) if found else None
    first, last = reminder_days(day, end)
    return ReminderView(
        patient_id=patient.id,
        enrolled=found is not None,
        timezone=patient.timezone,
        first_day=first,
        last_day=last,
        paused=current_pause(events, day) is not None,
        at=time_of_day(saved.minute_of_day) if saved else None,
        token=saved.uid_token if saved else None,
    )


@query("reminder_for_patient")
def reminder_for_patient(*, actor: Actor, now: datetime | None = None) -> ReminderView:
    """The acting patient's reminder as a download made today would be."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "reminder_for_patient", now)
        return reminder_view(session, patient, day)
