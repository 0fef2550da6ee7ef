"""Follow-ups: a patient asks (from a prompt or on their own) or says "Not now"; either the
patient or the care team may cancel with a reason. The care team's outreach, booking and
completing of visits are in db.actions.visits.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.actions import InvalidInput, action
from db.actions.common import clean_text, own_record, staff_today, write_audit
from db.engine import write_session
from db.locks import lock_patient
from db.models import (
    Flag,
    FollowUpRequest,
    NotNowAnswer,
    Visit,
    max_length,
)
from program import follow_up_wording as fw
from program.defaults import DEFAULTS
from program.follow_ups import (
    checked_windows,
    may_move,
    offers_not_now,
    prompts_patient,
    returns_on,
)
from program.vocabulary import (
    ACTIVE_FOLLOW_UP_STATUSES,
    FlagStatus,
    FollowUpStatus,
    VisitModality,
)


def modality_of(value: str) -> str:
    if value not in set(VisitModality):
        raise InvalidInput("Please choose by video or phone, or at the clinic.")
    return value


def active_request(session: Session, patient_id: int) -> FollowUpRequest | None:
    return session.exec(
        select(FollowUpRequest).where(
            FollowUpRequest.patient_id == patient_id,
            FollowUpRequest.status.in_(ACTIVE_FOLLOW_UP_STATUSES),
        )
    ).first()


def _patients_flag(session: Session, flag_id: int, patient_id: int) -> Flag:
    """An unresolved flag of this patient (NotFound for anyone else's, or none)."""
    flag = session.get(Flag, flag_id)
    if flag is None or flag.patient_id != patient_id:
        raise NotFound(f"flag {flag_id}")
    if flag.status == FlagStatus.RESOLVED:
        raise InvalidInput("Your care team has already dealt with this one.")
    return flag


@action("request_follow_up")
def request_follow_up(
    *,
    actor: Actor,
    modality: str,
    windows: list[dict[str, str]] | None = None,
    note: str = "",
    flag_id: int | None = None,
    now: datetime | None = None,
) -> FollowUpRequest:
    """The patient asks for a follow-up: about a prompt (``flag_id``) or on their own."""
    now = now or utcnow()
    modality = modality_of(modality)
    try:
        stored = checked_windows(windows or [])
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    note = clean_text("your note", note, max_length(FollowUpRequest, "note"))
    with write_session() as session:
        patient_id, day = own_record(session, actor, "request_follow_up", now)
        if flag_id is not None:
            flag = _patients_flag(session, flag_id, patient_id)
            if not prompts_patient(flag.rule, flag.patient_explanation):
                raise NotFound(f"flag {flag_id}")
        if active_request(session, patient_id) is not None:
            raise InvalidInput(fw.ONE_AT_A_TIME)
        request = FollowUpRequest(
            patient_id=patient_id,
            flag_id=flag_id,
            modality=modality,
            windows=stored,
            note=note,
            asked_on=day,
            created_at=now,
            created_by=actor.user_id,
            updated_at=now,
        )
        session.add(request)
        session.flush()
        write_audit(session, actor, "request_follow_up", patient_id, f"request {request.id}")
        return request


def request_for_change(
    session: Session, actor: Actor, request_id: int, action_name: str, now: datetime
) -> FollowUpRequest:
    """The request, its patient's row locked, once the actor may act on it (NotFound if not)."""
    found = session.get(FollowUpRequest, request_id)
    if found is None:
        raise NotFound(f"request {request_id}")
    require_patient(session, actor, action_name, found.patient_id, staff_today(now))
    lock_patient(session, found.patient_id)
    request = session.get(FollowUpRequest, request_id, with_for_update=True, populate_existing=True)
    return request


def visit_of(session: Session, request_id: int) -> Visit | None:
    return session.exec(select(Visit).where(Visit.request_id == request_id)).first()


@action("cancel_follow_up")
def cancel_follow_up(
    *, actor: Actor, request_id: int, reason: str, now: datetime | None = None
) -> FollowUpRequest:
    """Cancel a request (and its visit) with a reason: the patient their own, or their care team.

    The flag it answered stays open: the care team still needs to reach the patient about it.
    """
    now = now or utcnow()
    reason = clean_text(
        "a reason", reason, max_length(FollowUpRequest, "cancel_reason"), required=True
    )
    with write_session() as session:
        request = request_for_change(session, actor, request_id, "cancel_follow_up", now)
        if not may_move(request.status, FollowUpStatus.CANCELLED):
            raise InvalidInput("This follow-up is already done or cancelled.")
        request.status = FollowUpStatus.CANCELLED
        request.cancelled_at = request.updated_at = now
        request.cancelled_by = actor.user_id
        request.cancel_reason = reason
        session.add(request)
        if (visit := visit_of(session, request.id)) is not None:
            visit.sequence += 1  # the calendar's cancellation replaces the booked event
            visit.updated_at = now
            session.add(visit)
        write_audit(session, actor, "cancel_follow_up", request.patient_id, f"request {request.id}")
        return request


@action("answer_not_now")
def answer_not_now(*, actor: Actor, flag_id: int, now: datetime | None = None) -> NotNowAnswer:
    """The patient answers "Not now" to a soon or routine prompt: it comes back after
    ``not_now_days``. Urgent and emergency prompts, warning signs and item 9 have no "Not now"."""
    now = now or utcnow()
    with write_session() as session:
        patient_id, day = own_record(session, actor, "answer_not_now", now)
        flag = _patients_flag(session, flag_id, patient_id)
        if not prompts_patient(flag.rule, flag.patient_explanation):
            raise NotFound(f"flag {flag_id}")
        if not offers_not_now(flag.rule, flag.severity):
            raise InvalidInput("Please do not wait with this one. Please use the steps shown.")
        existing = session.exec(
            select(NotNowAnswer).where(
                NotNowAnswer.flag_id == flag.id, NotNowAnswer.returns_on > day
            )
        ).first()
        if existing is not None:  # a second tap, or a second device
            return existing
        answer = NotNowAnswer(
            patient_id=patient_id,
            flag_id=flag.id,
            rule=flag.rule,
            said_on=day,
            returns_on=returns_on(day, days=DEFAULTS.not_now_days),
            created_at=now,
        )
        session.add(answer)
        session.flush()
        write_audit(session, actor, "answer_not_now", patient_id, f"flag {flag.id}")
        return answer
