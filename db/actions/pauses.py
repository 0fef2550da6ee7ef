"""The patient pauses their own program (a holiday, an illness, an operation), changes the pause's
last day, or starts again early.

A pause is a ``pause`` PlanEvent with ``until_date``, the same record a clinician's pause makes
(db/actions/plans.py): the curriculum, the questionnaires and the movement plan read them alike,
and a pause ends by itself after its last day (program.curriculum.pauses). Nothing about safety
pauses: the check-in, warning signs and PHQ-9 item 9 keep working.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import clean_text, own_record, write_audit
from db.engine import write_session
from db.lookups import current_enrolment
from db.models import Enrolment, PlanEvent, max_length
from db.queries.pauses import PauseView, pause_view
from program import pause_wording as w
from program.vocabulary import EnrolmentStatus, PlanEventKind


def _running_enrolment(session: Session, patient_id: int, day: date) -> Enrolment:
    enrolment = current_enrolment(session, patient_id)
    if enrolment is None:
        raise InvalidInput(w.NOT_ENROLLED)
    if enrolment.week1_start is None or day < enrolment.week1_start:
        raise InvalidInput(w.NOT_STARTED)
    return enrolment


def _event(actor: Actor, enrolment: Enrolment, kind: str, day: date, reason: str, now: datetime,
           until: date | None = None) -> PlanEvent:  # fmt: skip
    return PlanEvent(
        enrolment_id=enrolment.id,
        kind=kind,
        effective_date=day,
        until_date=until,
        reason=reason,
        actor_id=actor.user_id,
        created_at=now,
    )


@action("pause_my_program")
def pause_my_program(
    *, actor: Actor, reason: str, until: date, now: datetime | None = None
) -> PauseView:
    """Pause from today to ``until`` (its last paused day), or give a running pause a new last day."""
    now = now or utcnow()
    reason = clean_text("a reason", reason, max_length(PlanEvent, "reason"), required=True)
    with write_session() as session:
        patient_id, day = own_record(session, actor, "pause_my_program", now)
        enrolment = _running_enrolment(session, patient_id, day)
        before = pause_view(session, actor, patient_id, enrolment, day)
        if before.paused and before.by_care_team:
            raise InvalidInput(w.BY_CARE_TEAM)
        if until < day:
            raise InvalidInput("Please choose a last day from today on.")
        if until > before.latest_end:
            raise InvalidInput(w.max_days_text())
        session.add(_event(actor, enrolment, PlanEventKind.PAUSE, day, reason, now, until))
        enrolment.status = EnrolmentStatus.PAUSED
        session.add(enrolment)
        session.flush()
        change = "new last day" if before.paused else "paused"
        write_audit(session, actor, "pause_my_program", patient_id, f"{change} until {until}")
        return pause_view(session, actor, patient_id, enrolment, day)


@action("resume_my_program")
def resume_my_program(*, actor: Actor, now: datetime | None = None) -> PauseView:
    """End the patient's own pause today: today runs again, right where the program stopped."""
    now = now or utcnow()
    with write_session() as session:
        patient_id, day = own_record(session, actor, "resume_my_program", now)
        enrolment = _running_enrolment(session, patient_id, day)
        before = pause_view(session, actor, patient_id, enrolment, day)
        if not before.paused:
            raise InvalidInput("Your program is not paused.")
        if before.by_care_team:
            raise InvalidInput(w.BY_CARE_TEAM)
        session.add(_event(actor, enrolment, PlanEventKind.RESUME, day, w.RESUMED_REASON, now))
        enrolment.status = EnrolmentStatus.ACTIVE
        session.add(enrolment)
        session.flush()
        write_audit(session, actor, "resume_my_program", patient_id)
        return pause_view(session, actor, patient_id, enrolment, day)
