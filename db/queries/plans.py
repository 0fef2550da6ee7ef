"""One patient's plan and its change history, for their clinician."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.engine import read_session
from db.lookups import current_enrolment_with_program, patient_today, plan_events, published_modules
from db.models import Patient, PlanEvent, User
from db.queries import query
from db.queries.patient_detail_trends import detail_trends
from db.read_audit import StaffRead
from program.curriculum import DayPlan, PlanEventRef, plan_for_day
from program.vocabulary import PlanEventKind

# How far back the trends beside the plan reach: the weeks a clinician weighs a change against.
TREND_DAYS = 56


@dataclass(frozen=True)
class PlanChange:
    """One plan event as the clinician's history shows it (newest first)."""

    id: int
    kind: str  # PlanEventKind
    effective_date: date
    until_date: date | None
    module_id: int | None
    module_title: str
    reason: str  # the patient sees it
    details: dict[str, Any]
    actor_name: str
    created_at: datetime


@dataclass(frozen=True)
class PauseInfo:
    """The pause in force on the patient's day: since when, until when (None: until resumed)."""

    since: date
    until: date | None
    reason: str


@dataclass(frozen=True)
class PlanView:
    patient_id: int
    patient_name: str
    program_title: str
    start_date: date
    plan: DayPlan
    history: tuple[PlanChange, ...]
    record_number: str = ""
    today: date | None = None  # the patient's local date
    pause: PauseInfo | None = None
    upcoming_pauses: tuple[PlanChange, ...] = ()  # pauses set to start after today
    # The patient detail's daily trends (program.trends.DAILY_COLUMNS), shown beside the plan.
    trends: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def current_week(self) -> int:
        """The week the page opens on: the patient's program week (1 before it starts)."""
        return self.plan.display_week


def _pause(events: list[PlanEventRef], plan: DayPlan, day: date) -> PauseInfo | None:
    """The pause that began the current paused run (as program.curriculum counts it)."""
    if not plan.paused:
        return None
    current: PlanEventRef | None = None
    for event in sorted(events, key=lambda e: (e.effective_date, e.sequence)):
        if event.effective_date > day:
            break
        if event.kind == PlanEventKind.PAUSE and current is None:
            current = event
        elif event.kind == PlanEventKind.RESUME:
            current = None
    return PauseInfo(current.effective_date, current.until, current.reason) if current else None


@query("plan_for_clinician", audit=StaffRead(lambda view: "plan, its history and trends"))
def plan_for_clinician(*, actor: Actor, patient_id: int, now: datetime | None = None) -> PlanView:
    """One patient's current plan, its change history and the trends of the last TREND_DAYS."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "plan_for_clinician", patient_id, now.date())
        patient = session.get(Patient, patient_id)
        found = current_enrolment_with_program(session, patient_id)
        if found is None:
            raise NotFound("enrolment")
        enrolment, program = found
        events = plan_events(session, enrolment.id)
        day = patient_today(session, patient.id, now)
        modules = published_modules(session, program.id, day)
        plan = plan_for_day(modules, events, enrolment.week1_start, day, program.weeks)
        rows = session.exec(
            select(PlanEvent, User.display_name)
            .join(User, User.id == PlanEvent.actor_id)
            .where(PlanEvent.enrolment_id == enrolment.id)
            .order_by(PlanEvent.id.desc())
        ).all()
        # Six days more than shown, so the first day shown has its whole 7-day mean.
        trends = detail_trends(session, patient.id, day - timedelta(days=TREND_DAYS + 6), day)
    titles = {m.id: m.title for m in modules}
    history = tuple(
        PlanChange(
            id=e.id,
            kind=e.kind,
            effective_date=e.effective_date,
            until_date=e.until_date,
            module_id=e.module_id,
            module_title=titles.get(e.module_id, ""),
            reason=e.reason,
            details=dict(e.details or {}),
            actor_name=name,
            created_at=e.created_at,
        )
        for e, name in rows
    )
    return PlanView(
        patient_id=patient.id,
        patient_name=patient.full_name,
        program_title=program.title,
        start_date=enrolment.start_date,
        plan=plan,
        history=history,
        record_number=patient.record_number,
        today=day,
        pause=_pause(events, plan, day),
        upcoming_pauses=tuple(
            c for c in history if c.kind == PlanEventKind.PAUSE and c.effective_date > day
        ),
        trends=trends,
    )
