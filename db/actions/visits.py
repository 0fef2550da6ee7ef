"""The care team's side of a follow-up: outreach attempts, booking (or moving) a visit, and
completing it with its outcome and any plan change.

Completing a visit resolves the flag its request answers, except a self-harm flag (PHQ-9 item 9 or
the self-harm warning sign): that closes only by a care-team clinician's risk assessment
(db.actions.flags.record_risk_assessment).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from core.clock import utcnow
from db.access import AccessDenied, Actor, NotFound, require_patient
from db.actions import InvalidInput, action
from db.actions.common import clean_text, staff_today, write_audit
from db.actions.flags import add_event
from db.actions.follow_ups import active_request, modality_of, request_for_change, visit_of
from db.actions.plans import add_plan_event, checked_plan_change
from db.engine import write_session
from db.locks import lock_patient
from db.lookups import patient_today
from db.models import (
    CareTeamMember,
    Flag,
    FollowUpRequest,
    OutreachAttempt,
    Patient,
    User,
    Visit,
    max_length,
)
from program.defaults import DEFAULTS
from program.follow_ups import booking_problem, may_move, visit_start
from program.rules import needs_risk_assessment
from program.vocabulary import FlagEventKind, FlagStatus, FollowUpStatus, OutreachMethod, Role


def _subject(
    session: Session,
    actor: Actor,
    action_name: str,
    request_id: int | None,
    flag_id: int | None,
    now: datetime,
) -> tuple[int, FollowUpRequest | None, Flag | None]:
    """The patient, request and flag a staff action is about (one of the two ids is needed)."""
    request = session.get(FollowUpRequest, request_id) if request_id is not None else None
    flag = session.get(Flag, flag_id) if flag_id is not None else None
    if request_id is not None and request is None:
        raise NotFound(f"request {request_id}")
    if flag_id is not None and flag is None:
        raise NotFound(f"flag {flag_id}")
    if request is None and flag is None:
        raise InvalidInput("Please choose a follow-up or a flag.")
    patient_id = request.patient_id if request is not None else flag.patient_id
    require_patient(session, actor, action_name, patient_id, staff_today(now))
    if request is not None and flag is not None and flag.patient_id != patient_id:
        raise NotFound(f"flag {flag_id}")
    lock_patient(session, patient_id)
    return patient_id, request, flag


@action("record_outreach")
def record_outreach(
    *,
    actor: Actor,
    method: str,
    note: str = "",
    request_id: int | None = None,
    flag_id: int | None = None,
    now: datetime | None = None,
) -> OutreachAttempt:
    """Record one try to reach the patient about a request or a flag (called, left a message,
    texted, no answer), with an optional note."""
    now = now or utcnow()
    if method not in set(OutreachMethod):
        raise InvalidInput("Please choose how you tried to reach the patient.")
    note = clean_text("a note", note, max_length(OutreachAttempt, "note"))
    with write_session() as session:
        patient_id, request, flag = _subject(
            session, actor, "record_outreach", request_id, flag_id, now
        )
        attempt = OutreachAttempt(
            patient_id=patient_id,
            request_id=request.id if request else None,
            flag_id=flag.id if flag else (request.flag_id if request else None),
            at=now,
            method=method,
            note=note,
            by_id=actor.user_id,
        )
        session.add(attempt)
        session.flush()
        write_audit(session, actor, "record_outreach", patient_id, f"outreach {attempt.id}")
        return attempt


def _clinician_for(session: Session, clinician_id: int, patient_id: int, today: date) -> User:
    """The clinician chosen for a visit: an active clinician on the patient's care team today
    (or a clinic-wide clinician)."""
    user = session.get(User, clinician_id)
    if user is None or not user.active or Role.CLINICIAN not in user.roles:
        raise InvalidInput("Please choose a clinician from the patient's care team.")
    if user.clinic_wide:
        return user
    on_team = session.exec(
        select(CareTeamMember.id).where(
            CareTeamMember.patient_id == patient_id,
            CareTeamMember.user_id == clinician_id,
            CareTeamMember.role == Role.CLINICIAN,
            CareTeamMember.from_date <= today,
            or_(CareTeamMember.to_date.is_(None), CareTeamMember.to_date >= today),
        )
    ).first()
    if on_team is None:
        raise InvalidInput("Please choose a clinician from the patient's care team.")
    return user


@action("book_visit")
def book_visit(
    *,
    actor: Actor,
    local_date: date,
    local_time: time,
    modality: str,
    clinician_id: int,
    request_id: int | None = None,
    flag_id: int | None = None,
    minutes: int = DEFAULTS.visit_minutes,
    now: datetime | None = None,
) -> Visit:
    """Book (or move) the visit for a request, or for a flag nobody has asked about yet (which
    opens a request on the patient's behalf). The time is the patient's local time."""
    now = now or utcnow()
    modality = modality_of(modality)
    if not 5 <= minutes <= 240:
        raise InvalidInput("Please give the visit's length from 5 to 240 minutes.")
    with write_session() as session:
        patient_id, request, flag = _subject(session, actor, "book_visit", request_id, flag_id, now)
        patient = session.get(Patient, patient_id)
        today = patient_today(session, patient_id, now)
        if problem := booking_problem(local_date, local_time, patient.timezone, today):
            raise InvalidInput(problem)
        clinician = _clinician_for(session, clinician_id, patient_id, staff_today(now))
        if request is None:
            if flag.status == FlagStatus.RESOLVED:
                raise InvalidInput("This flag is already resolved.")
            if active_request(session, patient_id) is not None:
                raise InvalidInput(
                    "This patient already has a follow-up in progress. Please book that one."
                )
            request = FollowUpRequest(
                patient_id=patient_id,
                flag_id=flag.id,
                modality=modality,
                asked_on=today,
                created_at=now,
                created_by=actor.user_id,
            )
            session.add(request)
            session.flush()
        elif not may_move(request.status, FollowUpStatus.SCHEDULED):
            raise InvalidInput("This follow-up is already done or cancelled.")
        visit = visit_of(session, request.id)
        if visit is None:
            visit = Visit(
                request_id=request.id,
                patient_id=patient_id,
                uid=f"{uuid.uuid4()}@recalibrate",
                booked_by=actor.user_id,
                booked_at=now,
                local_date=local_date,
                local_time=local_time,
                timezone=patient.timezone,
                starts_at=visit_start(local_date, local_time, patient.timezone),
                modality=modality,
                clinician_id=clinician.id,
            )
        else:  # moved: same UID, next SEQUENCE, so the patient's calendar updates the event
            visit.sequence += 1
        visit.local_date, visit.local_time, visit.timezone = (
            local_date,
            local_time,
            patient.timezone,
        )
        visit.starts_at = visit_start(local_date, local_time, patient.timezone)
        visit.modality, visit.clinician_id, visit.minutes = modality, clinician.id, minutes
        visit.updated_at = now
        session.add(visit)
        request.status, request.modality, request.updated_at = (
            FollowUpStatus.SCHEDULED,
            modality,
            now,
        )
        session.add(request)
        session.flush()
        write_audit(session, actor, "book_visit", patient_id, f"visit {visit.id}")
        return visit


def _resolve_by_visit(
    session: Session, actor: Actor, flag: Flag, visit: Visit, outcome: str, now: datetime
) -> None:
    """Close the flag a completed visit answered, unless only a risk assessment may close it."""
    if flag.status == FlagStatus.RESOLVED or needs_risk_assessment(flag.rule, flag.inputs):
        return
    limit = max_length(Flag, "resolution_note")
    note = f"Follow-up visit on {visit.local_date.isoformat()} completed: {outcome}"[:limit]
    flag.status, flag.resolved_at, flag.resolved_by = FlagStatus.RESOLVED, now, actor.user_id
    flag.resolution_note = note
    session.add(flag)
    add_event(session, flag, FlagEventKind.RESOLVED, now, actor_id=actor.user_id, note=note)


@action("complete_visit")
def complete_visit(
    *,
    actor: Actor,
    visit_id: int,
    outcome: str,
    why_plan_changed: str = "",
    plan_kind: str | None = None,
    module_id: int | None = None,
    until: date | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Visit:
    """Mark a visit done with its outcome (for staff). A clinician on the care team may also
    change the plan, with the reason the patient reads as "Why your plan changed"."""
    now = now or utcnow()
    outcome = clean_text(
        "the outcome of the visit", outcome, max_length(Visit, "outcome_note"), required=True
    )
    why = clean_text(
        'a "why your plan changed" text', why_plan_changed, max_length(Visit, "plan_note")
    )
    plan = None
    if plan_kind is not None:
        plan = checked_plan_change(plan_kind, why, module_id, details, until)
    with write_session() as session:
        found = session.get(Visit, visit_id)
        if found is None:
            raise NotFound(f"visit {visit_id}")
        request = request_for_change(session, actor, found.request_id, "complete_visit", now)
        visit = session.get(Visit, visit_id, with_for_update=True, populate_existing=True)
        if request.status != FollowUpStatus.SCHEDULED:
            raise InvalidInput("This visit is already done or cancelled.")
        if visit.local_date > patient_today(session, visit.patient_id, now):
            raise InvalidInput(
                f"This visit is on {visit.local_date.isoformat()}. "
                "Please mark it done on that day or later."
            )
        if why or plan:
            try:  # the plan is the clinician's: the same rule as db.actions.change_plan
                require_patient(session, actor, "change_plan", visit.patient_id, staff_today(now))
            except NotFound:
                raise AccessDenied("complete_visit: only a clinician may change the plan") from None
        if plan is not None:
            reason, stored = plan
            event = add_plan_event(
                session,
                actor,
                visit.patient_id,
                kind=plan_kind,
                reason=reason,
                module_id=module_id,
                effective_date=None,
                details=stored,
                until=until,
                now=now,
            )
            visit.plan_event_id = event.id
            write_audit(session, actor, f"plan_{plan_kind}", visit.patient_id, f"visit {visit.id}")
        visit.outcome_note, visit.plan_note = outcome, why
        visit.completed_at, visit.completed_by, visit.updated_at = now, actor.user_id, now
        session.add(visit)
        request.status, request.completed_at, request.updated_at = (
            FollowUpStatus.COMPLETED,
            now,
            now,
        )
        session.add(request)
        if request.flag_id is not None:
            flag = session.get(Flag, request.flag_id, with_for_update=True)
            _resolve_by_visit(session, actor, flag, visit, outcome, now)
        write_audit(session, actor, "complete_visit", visit.patient_id, f"visit {visit.id}")
        return visit
