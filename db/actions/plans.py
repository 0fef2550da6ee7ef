"""Plan changes a clinician makes: hold, release, unlock, skip, pause, resume, a movement level
or step, bedtime scheduling on or off (what each may set: program/plan_changes.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from core.clock import utcnow
from db.access import Actor, require_patient
from db.actions import InvalidInput, action
from db.actions.common import clean_text, staff_today, write_audit
from db.engine import write_session
from db.lookups import current_enrolment, patient_today, plan_events
from db.models import Enrolment, Module, PlanEvent, max_length
from program.movement_plan import movement_change_problem
from program.plan_changes import checked_details
from program.vocabulary import (
    MODULE_EVENT_KINDS,
    PAUSE_EVENT_KINDS,
    EnrolmentStatus,
    PlanEventKind,
)


def _active_enrolment(session: Session, patient_id: int) -> Enrolment:
    enrolment = current_enrolment(session, patient_id)
    if enrolment is None:
        raise InvalidInput("This patient is not enrolled in a program.")
    return enrolment


@action("change_plan")
def change_plan(
    *,
    actor: Actor,
    patient_id: int,
    kind: str,
    reason: str,
    module_id: int | None = None,
    effective_date: date | None = None,
    details: dict[str, Any] | None = None,
    until: date | None = None,
    now: datetime | None = None,
) -> PlanEvent:
    """Append a plan change with a reason the patient sees (``until``: a pause's last day)."""
    now = now or utcnow()
    reason, stored = checked_plan_change(kind, reason, module_id, details, until)
    with write_session() as session:
        require_patient(session, actor, "change_plan", patient_id, staff_today(now))
        event = add_plan_event(
            session,
            actor,
            patient_id,
            kind=kind,
            reason=reason,
            module_id=module_id,
            effective_date=effective_date,
            details=stored,
            until=until,
            now=now,
        )
        write_audit(session, actor, f"plan_{kind}", patient_id)
        return event


def checked_plan_change(
    kind: str,
    reason: str | None,
    module_id: int | None,
    details: dict[str, Any] | None,
    until: date | None,
) -> tuple[str, dict[str, Any]]:
    """The reason and details to store for a plan change; ``InvalidInput`` says what is wrong."""
    if kind not in set(PlanEventKind):
        raise InvalidInput(f"Unknown plan change {kind!r}.")
    reason = clean_text(
        "a reason the patient will see", reason, max_length(PlanEvent, "reason"), required=True
    )
    if kind in MODULE_EVENT_KINDS and module_id is None:
        raise InvalidInput("Please choose a module.")
    try:
        stored = checked_details(kind, details)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if until is not None and kind != PlanEventKind.PAUSE:
        raise InvalidInput("Only a pause has an end date.")
    return reason, stored


def add_plan_event(
    session: Session,
    actor: Actor,
    patient_id: int,
    *,
    kind: str,
    reason: str,
    module_id: int | None,
    effective_date: date | None,
    details: dict[str, Any],
    until: date | None,
    now: datetime,
) -> PlanEvent:
    """Append a checked plan change (``checked_plan_change``) inside the caller's transaction,
    whose permission check has been made; the caller writes the audit row."""
    enrolment = _active_enrolment(session, patient_id)
    if module_id is not None:
        module = session.get(Module, module_id)
        if module is None or module.program_id != enrolment.program_id:
            raise InvalidInput("That module is not part of this patient's program.")
    if problem := movement_change_problem(plan_events(session, enrolment.id), kind, details):
        raise InvalidInput(problem)
    today = patient_today(session, patient_id, now)
    day = effective_date or today
    if until is not None and until < day:
        raise InvalidInput("A pause cannot end before it starts.")
    event = PlanEvent(
        enrolment_id=enrolment.id,
        kind=kind,
        module_id=module_id if kind in MODULE_EVENT_KINDS else None,
        effective_date=day,
        reason=reason,
        actor_id=actor.user_id,
        created_at=now,
        details=details,
        until_date=until,
    )
    session.add(event)
    if kind in PAUSE_EVENT_KINDS and day <= today:  # a pause planned for later starts later
        enrolment.status = (
            EnrolmentStatus.PAUSED if kind == PlanEventKind.PAUSE else EnrolmentStatus.ACTIVE
        )
        session.add(enrolment)
    session.flush()
    return event
