"""The patient picks the time of their daily calendar reminder (the .ics itself is export/reminders.py).

The first time, a random token is made for the calendar event's UID: a second download (a new
phone, a new time) is then the same reminder, and the UID says nothing about who it belongs to.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import own_record, write_audit
from db.engine import write_session
from db.lookups import current_enrolment
from db.models import DailyReminder, Patient
from db.queries.reminders import ReminderView, reminder_view
from program import reminder_wording as w
from program.reminders import time_of_day


@action("set_my_reminder")
def set_my_reminder(
    *, actor: Actor, minute_of_day: int, now: datetime | None = None
) -> ReminderView:
    """Keep the time of day (minutes after midnight, the patient's own time) of their reminder."""
    now = now or utcnow()
    try:
        time_of_day(minute_of_day)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    with write_session() as session:
        patient_id, day = own_record(session, actor, "set_my_reminder", now)
        if current_enrolment(session, patient_id) is None:
            raise InvalidInput(w.NOT_ENROLLED)
        saved = session.exec(
            select(DailyReminder).where(DailyReminder.patient_id == patient_id)
        ).first()
        if saved is None:
            saved = DailyReminder(
                patient_id=patient_id, uid_token=secrets.token_hex(16), minute_of_day=0,
                created_at=now,
            )  # fmt: skip
        saved.minute_of_day = minute_of_day
        saved.updated_at = now
        session.add(saved)
        session.flush()
        write_audit(session, actor, "set_my_reminder", patient_id)
        return reminder_view(session, session.get(Patient, patient_id), day)
