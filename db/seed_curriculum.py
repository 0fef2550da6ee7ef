"""Demo data for the pause, the daily reminder and the reordered curriculum (called by seed_demo).

- Alex (demo-patient) has a daily reminder at 7 PM, so the Reminder page offers its download.
- Tom Becker (week 11 on the panel) took a 10-day break for knee surgery five weeks ago. The pause
  ended by itself on its last day (no resume), so the panel shows him active, in week 11, and the
  plan history shows the pause with its reason. His start moves back by the paused days, so he is
  in the same week as before.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.models import DailyReminder, Enrolment, Patient, PlanEvent, User
from program.vocabulary import PlanEventKind

PAUSE_DAYS = 10


def seed_curriculum_demo(session: Session, now: datetime) -> None:
    alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
    session.add(
        DailyReminder(
            patient_id=alex.id, uid_token=secrets.token_hex(16), minute_of_day=19 * 60,
            created_at=now, updated_at=now,
        )
    )  # fmt: skip
    tom = session.exec(select(Patient).where(Patient.family_name == "Becker")).one()
    enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == tom.id)).one()
    clinician = session.exec(select(User).where(User.username == "demo-clinician")).one()
    enrolment.start_date -= timedelta(days=PAUSE_DAYS)
    enrolment.week1_start = enrolment.start_date
    session.add(enrolment)
    first = local_today(tom.timezone, now) - timedelta(days=35)
    session.add(
        PlanEvent(
            enrolment_id=enrolment.id,
            kind=PlanEventKind.PAUSE,
            effective_date=first,
            until_date=first + timedelta(days=PAUSE_DAYS - 1),
            reason="Knee surgery: a break to recover.",
            actor_id=clinician.id,
            created_at=now - timedelta(days=36),
        )
    )
    session.flush()
