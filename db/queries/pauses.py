"""The patient's own pause: is the program paused today, until when, why, and may they change it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from core.clock import utcnow
from db.access import Actor, may_change_pause
from db.engine import read_session
from db.lookups import PAUSE_KINDS, current_enrolment, plan_events
from db.models import Enrolment, PlanEvent
from db.queries import query
from db.queries.common import own_patient
from program.curriculum import Pause, current_pause
from program.defaults import DEFAULTS


@dataclass(frozen=True)
class PauseView:
    patient_id: int
    today: date
    enrolled: bool
    started: bool  # week 1 has begun: there is a program to pause
    paused: bool
    reason: str = ""
    first_day: date | None = None
    last_day: date | None = None  # None while paused: until resumed
    by_care_team: bool = False  # someone other than the patient made (or changed) this pause
    latest_end: date | None = None  # the last day a new pause may name


def pause_now(
    session: Session, enrolment: Enrolment, day: date
) -> tuple[Pause | None, PlanEvent | None]:
    """The pause in force on ``day`` and the plan event that set it (its newest pause event)."""
    pause = current_pause(plan_events(session, enrolment.id, PAUSE_KINDS), day)
    return pause, (session.get(PlanEvent, pause.sequence) if pause is not None else None)


def pause_view(
    session: Session, actor: Actor, patient_id: int, enrolment: Enrolment | None, day: date
) -> PauseView:
    latest = day + timedelta(days=DEFAULTS.self_pause_max_days - 1)
    if enrolment is None:
        return PauseView(patient_id, day, enrolled=False, started=False, paused=False)
    started = enrolment.week1_start is not None and day >= enrolment.week1_start
    pause, event = pause_now(session, enrolment, day)
    if pause is None:
        return PauseView(patient_id, day, True, started, paused=False, latest_end=latest)
    return PauseView(
        patient_id,
        day,
        True,
        started,
        paused=True,
        reason=pause.reason,
        first_day=pause.first_day,
        last_day=pause.last_day,
        by_care_team=event is None or not may_change_pause(actor, event.actor_id),
        latest_end=latest,
    )


@query("pause_for_patient")
def pause_for_patient(*, actor: Actor, now: datetime | None = None) -> PauseView:
    """The acting patient's pause today (the Pause page)."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "pause_for_patient", now)
        return pause_view(session, actor, patient.id, current_enrolment(session, patient.id), day)
