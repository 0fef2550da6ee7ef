"""A patient's own follow-up reads: the prompt on Today and the follow-up page.

The staff outcome note of a visit never reaches these reads. The care team's queue is
db.queries.follow_up_queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.access import Actor
from db.engine import read_session
from db.lookups import published_modules
from db.models import (
    Clinic,
    Enrolment,
    Flag,
    FollowUpRequest,
    Module,
    NotNowAnswer,
    Patient,
    PlanEvent,
    User,
    Visit,
)
from db.queries import query
from db.queries.clinic import CLINIC_ID
from db.queries.common import own_patient
from export.visits import CalendarVisit
from program import follow_up_wording as fw
from program.defaults import DEFAULTS
from program.follow_ups import (
    not_now_in_effect,
    offers_not_now,
    prompt_guidance,
    prompts_patient,
    window_text,
)
from program.rules import flag_order_key
from program.vocabulary import (
    ACTIVE_FOLLOW_UP_STATUSES,
    OPEN_FLAG_STATUSES,
    FollowUpStatus,
)
from program.warning_signs import Guidance

# --- the patient's side --------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """An open flag's prompt: the rule's words for the patient, what to do now (emergency and
    urgent), and whether "Not now" is offered."""

    flag_id: int
    rule: str
    severity: str
    text: str
    act_now: Guidance | None
    not_now: bool


@dataclass(frozen=True)
class PatientVisit:
    local_date: date
    local_time: time
    timezone: str
    modality: str
    clinician_name: str
    done: bool
    calendar: CalendarVisit
    plan_note: str | None = None  # "Why your plan changed", typed by the clinician
    plan_change: str | None = None  # the change itself, in plain words


@dataclass(frozen=True)
class PatientRequest:
    id: int
    status: str
    modality: str
    windows: tuple[str, ...]
    note: str | None  # the patient's own words
    asked_on: date
    asked_by_patient: bool
    about: str | None  # the prompt it answered (the rule's words for the patient)
    visit: PatientVisit | None = None
    cancelled_on: date | None = None
    cancelled_by_patient: bool = False


RECENT_VISIT_DAYS = 14  # how long Today points to "Why your plan changed" after a visit


@dataclass(frozen=True)
class FollowUpPrompts:
    """What Today shows at the top: prompts (most severe first) and the request in progress."""

    prompts: tuple[Prompt, ...]
    active: PatientRequest | None
    # A visit done lately that changed the plan: Today links to "Why your plan changed".
    recent: PatientRequest | None = None
    not_now_days: int = DEFAULTS.not_now_days


@dataclass(frozen=True)
class FollowUpPage:
    active: PatientRequest | None
    past: tuple[PatientRequest, ...]  # newest first
    about: Prompt | None  # the prompt the patient came from (?flag=), if it is still open
    today: date


def _prompts(session: Session, patient_id: int, today: date) -> list[Prompt]:
    flags = session.exec(
        select(Flag).where(
            Flag.patient_id == patient_id,
            Flag.status.in_(OPEN_FLAG_STATUSES),
            Flag.patient_explanation.is_not(None),
        )
    ).all()
    said = session.exec(
        select(NotNowAnswer.flag_id, NotNowAnswer.said_on).where(
            NotNowAnswer.patient_id == patient_id, NotNowAnswer.returns_on > today
        )
    ).all()
    quiet = {flag_id for flag_id, day in said if not_now_in_effect(day, today)}
    shown = [
        f
        for f in flags
        if prompts_patient(f.rule, f.patient_explanation)
        and not (f.id in quiet and offers_not_now(f.rule, f.severity))
    ]
    shown.sort(key=lambda f: flag_order_key(f.severity, f.rule, f.inputs, f.opened_at))
    return [
        Prompt(
            flag_id=f.id,
            rule=f.rule,
            severity=f.severity,
            text=f.patient_explanation,
            act_now=prompt_guidance(f.rule, f.severity, f.inputs),
            not_now=offers_not_now(f.rule, f.severity),
        )
        for f in shown
    ]


def _clinic(session: Session) -> Clinic | None:
    return session.get(Clinic, CLINIC_ID)


def _plan_lines(session: Session, event_ids: list[int]) -> dict[int, str]:
    if not event_ids:
        return {}
    rows = session.exec(
        select(PlanEvent, Module.slug)
        .join(Module, Module.id == PlanEvent.module_id, isouter=True)
        .where(PlanEvent.id.in_(event_ids))
    ).all()
    titles: dict[int, str] = {}
    for event, _slug in rows:
        if event.module_id is not None and event.module_id not in titles:
            titles[event.module_id] = ""
    if titles:  # the module's newest published title, as the patient knows it
        enrolment = session.get(Enrolment, rows[0][0].enrolment_id)
        titles.update({m.id: m.title for m in published_modules(session, enrolment.program_id)})
    return {
        event.id: fw.plan_change_line(event.kind, titles.get(event.module_id), event.until_date)
        for event, _ in rows
    }


def _patient_requests(session: Session, patient: Patient, now: datetime) -> list[PatientRequest]:
    rows = session.exec(
        select(FollowUpRequest, Visit, Flag.patient_explanation, User.display_name)
        .join(Visit, Visit.request_id == FollowUpRequest.id, isouter=True)
        .join(Flag, Flag.id == FollowUpRequest.flag_id, isouter=True)
        .join(User, User.id == Visit.clinician_id, isouter=True)
        .where(FollowUpRequest.patient_id == patient.id)
        .order_by(FollowUpRequest.created_at.desc(), FollowUpRequest.id.desc())
    ).all()
    clinic = _clinic(session)
    plans = _plan_lines(session, [v.plan_event_id for _, v, _, _ in rows if v and v.plan_event_id])
    out = []
    for request, visit, about, clinician in rows:
        by_patient = request.created_by == patient.user_id
        shown_visit = None
        if visit is not None:
            shown_visit = PatientVisit(
                local_date=visit.local_date,
                local_time=visit.local_time,
                timezone=visit.timezone,
                modality=visit.modality,
                clinician_name=clinician or "",
                done=visit.completed_at is not None,
                calendar=CalendarVisit(
                    uid=visit.uid,
                    sequence=visit.sequence,
                    local_date=visit.local_date,
                    local_time=visit.local_time,
                    timezone=visit.timezone,
                    minutes=visit.minutes,
                    modality=visit.modality,
                    stamp=now,
                    cancelled=request.status == FollowUpStatus.CANCELLED,
                    clinic_phone=clinic.phone if clinic else None,
                    clinic_address=clinic.address if clinic else None,
                ),
                plan_note=visit.plan_note,
                plan_change=plans.get(visit.plan_event_id),
            )
        cancelled_on = None
        if request.cancelled_at is not None:
            cancelled_on = local_today(patient.timezone, request.cancelled_at)
        out.append(
            PatientRequest(
                id=request.id,
                status=request.status,
                modality=request.modality,
                windows=tuple(window_text(w) for w in request.windows),
                note=request.note,
                asked_on=request.asked_on,
                asked_by_patient=by_patient,
                about=about,
                visit=shown_visit,
                cancelled_on=cancelled_on,
                cancelled_by_patient=request.cancelled_by == patient.user_id,
            )
        )
    return out


def _active(requests: list[PatientRequest]) -> PatientRequest | None:
    return next((r for r in requests if r.status in ACTIVE_FOLLOW_UP_STATUSES), None)


@query("follow_up_prompts")
def follow_up_prompts(*, actor: Actor, now: datetime | None = None) -> FollowUpPrompts:
    """The patient's prompts for Today (not those they answered "Not now" to lately), the
    follow-up they have in progress, and a visit of the last two weeks that changed their plan."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "follow_up_prompts", now)
        prompts = _prompts(session, patient.id, day)
        since = now - timedelta(days=RECENT_VISIT_DAYS)
        worth_showing = set(
            session.exec(
                select(FollowUpRequest.id).where(
                    FollowUpRequest.patient_id == patient.id,
                    or_(
                        FollowUpRequest.status.in_(ACTIVE_FOLLOW_UP_STATUSES),
                        FollowUpRequest.completed_at >= since,
                    ),
                )
            ).all()
        )
        requests = _patient_requests(session, patient, now) if worth_showing else []
        recent = next(
            (
                r
                for r in requests
                if r.id in worth_showing
                and r.status == FollowUpStatus.COMPLETED
                and r.visit is not None
                and (r.visit.plan_note or r.visit.plan_change)
            ),
            None,
        )
        return FollowUpPrompts(tuple(prompts), _active(requests), recent)


@query("follow_ups_for_patient")
def follow_ups_for_patient(
    *, actor: Actor, flag_id: int | None = None, now: datetime | None = None
) -> FollowUpPage:
    """The patient's follow-ups: the one in progress, earlier ones (with "Why your plan
    changed"), and the prompt ``flag_id`` they came from when it is theirs and still open."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "follow_ups_for_patient", now)
        requests = _patient_requests(session, patient, now)
        about = None
        if flag_id is not None:
            about = next(
                (p for p in _prompts(session, patient.id, day) if p.flag_id == flag_id), None
            )
        active = _active(requests)
        past = tuple(r for r in requests if r is not active)
        return FollowUpPage(active, past, about, day)
