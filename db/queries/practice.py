"""The patient's own breathing and mindfulness practice: minutes this week, and by program week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor
from db.engine import read_session
from db.lookups import current_enrolment, plan_events
from db.models import PracticeSession
from db.queries import query
from db.queries.common import own_patient
from program.curriculum import program_week


@dataclass(frozen=True)
class PracticeView:
    today: date
    total_minutes: int
    sessions: int
    this_week_minutes: int  # the current program week (the last 7 days before week 1)
    minutes_by_week: dict[int, int]  # program week (0 = before week 1) -> minutes, oldest first
    kinds_by_minutes: tuple[str, ...] = ()  # the practices done, most minutes first


def practice_view(session: Session, patient_id: int, today: date) -> PracticeView:
    """One patient's practice minutes on their local ``today`` (the callers check who asks)."""
    done = session.exec(
        select(PracticeSession.local_date, PracticeSession.minutes, PracticeSession.kind).where(
            PracticeSession.patient_id == patient_id
        )
    ).all()
    enrolment = current_enrolment(session, patient_id)
    events = plan_events(session, enrolment.id) if enrolment else []
    start = enrolment.week1_start if enrolment else None
    by_week: dict[int, int] = {}
    by_kind: dict[str, int] = {}
    for day, minutes, kind in done:
        by_kind[kind] = by_kind.get(kind, 0) + minutes
        if start is not None:
            week = program_week(start, day, events)
            by_week[week] = by_week.get(week, 0) + minutes
    current = program_week(start, today, events) if start is not None else 0
    if current:
        this_week = by_week.get(current, 0)
    else:
        this_week = sum(m for day, m, _ in done if today - timedelta(days=6) <= day <= today)
    return PracticeView(
        today=today,
        total_minutes=sum(m for _, m, _ in done),
        sessions=len(done),
        this_week_minutes=this_week,
        minutes_by_week=dict(sorted(by_week.items())),
        kinds_by_minutes=tuple(sorted(by_kind, key=lambda k: (-by_kind[k], k))),
    )


@query("practice_for_patient")
def practice_for_patient(*, actor: Actor, now: datetime | None = None) -> PracticeView:
    """The acting patient's practice minutes: in all, this week and per program week."""
    now = now or utcnow()
    with read_session() as session:
        patient, today = own_patient(session, actor, "practice_for_patient", now)
        return practice_view(session, patient.id, today)
