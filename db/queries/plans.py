"""One patient's plan and its change history, for their clinician."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.engine import read_session
from db.lookups import current_enrolment_with_program, patient_today, plan_events, published_modules
from db.models import Patient, PlanEvent
from db.queries import query
from db.read_audit import StaffRead
from program.curriculum import DayPlan, plan_for_day


@dataclass(frozen=True)
class PlanView:
    patient_id: int
    patient_name: str
    program_title: str
    start_date: date
    plan: DayPlan
    history: list[PlanEvent]


@query("plan_for_clinician", audit=StaffRead(lambda view: "plan and its history"))
def plan_for_clinician(*, actor: Actor, patient_id: int, now: datetime | None = None) -> PlanView:
    """One patient's current plan and its change history."""
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
        plan = plan_for_day(
            published_modules(session, program.id, day),
            events,
            enrolment.week1_start,
            day,
            program.weeks,
        )
        history = session.exec(
            select(PlanEvent)
            .where(PlanEvent.enrolment_id == enrolment.id)
            .order_by(PlanEvent.id.desc())
        ).all()
        return PlanView(
            patient.id, patient.full_name, program.title, enrolment.start_date, plan, list(history)
        )
