"""Follow-up reads: the prompt on Today, the patient's follow-up page, the care team's queue.

Set-based: the queue reads every item's patient, request, visit, outreach, clinicians and modules
in a fixed handful of queries, however long it is. The staff outcome note never reaches a
patient's read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import or_
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.lookups import is_current_enrolment, published_modules
from db.models import (
    CareTeamMember,
    Clinic,
    Enrolment,
    Flag,
    FollowUpRequest,
    Module,
    NotNowAnswer,
    OutreachAttempt,
    Patient,
    PlanEvent,
    User,
    Visit,
)
from db.queries import query
from db.queries.clinic import CLINIC_ID
from db.queries.common import own_patient
from db.read_audit import StaffRead
from export.visits import CalendarVisit
from program import follow_up_wording as fw
from program.clinic_hours import DEFAULT_TIMEZONE
from program.defaults import DEFAULTS
from program.flag_names import rule_name
from program.follow_ups import (
    OWN_REQUEST_SEVERITY,
    not_now_in_effect,
    offers_not_now,
    prompt_guidance,
    prompts_patient,
    queue_order_key,
    window_text,
)
from program.phone import PhoneError, tel_uri
from program.rules import flag_order_key, needs_risk_assessment
from program.vocabulary import (
    ACTIVE_FOLLOW_UP_STATUSES,
    CARE_ROLES,
    OPEN_FLAG_STATUSES,
    FollowUpStatus,
    Role,
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


@dataclass(frozen=True)
class FollowUpPrompts:
    """What Today shows at the top: prompts (most severe first) and the request in progress."""

    prompts: tuple[Prompt, ...]
    active: PatientRequest | None
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
    """The patient's prompts for Today (not those they answered "Not now" to lately) and the
    follow-up they have in progress."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "follow_up_prompts", now)
        prompts = _prompts(session, patient.id, day)
        active = session.exec(
            select(FollowUpRequest.id).where(
                FollowUpRequest.patient_id == patient.id,
                FollowUpRequest.status.in_(ACTIVE_FOLLOW_UP_STATUSES),
            )
        ).first()
        requests = _patient_requests(session, patient, now) if active is not None else []
        return FollowUpPrompts(tuple(prompts), _active(requests))


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


# --- the care team's queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class OutreachItem:
    at: datetime
    method: str  # OutreachMethod
    note: str | None  # typed by staff: plain text
    by: str


@dataclass(frozen=True)
class StaffVisit:
    id: int
    local_date: date
    local_time: time
    timezone: str  # the patient's, when booked
    starts_at: datetime
    modality: str
    minutes: int
    clinician_id: int
    clinician_name: str


@dataclass(frozen=True)
class QueueItem:
    """One line of work: a request in progress, or an open flag nobody has booked yet."""

    key: str  # "request-5" or "flag-9": stable widget keys
    patient_id: int
    patient_name: str
    patient_timezone: str
    patient_today: date
    phone: str | None
    tel: str | None
    preferred_contact: str | None
    severity: str
    since: datetime
    flag_id: int | None = None
    rule: str | None = None
    rule_name: str = ""
    explanation: str = ""  # the staff explanation
    flag_status: str | None = None
    needs_risk_assessment: bool = False
    request_id: int | None = None
    status: str | None = None  # FollowUpStatus; None for a flag without a request
    modality: str | None = None
    windows: tuple[str, ...] = ()
    note: str | None = None  # the patient's words, as typed
    asked_on: date | None = None
    asked_by_patient: bool = False
    visit: StaffVisit | None = None
    outreach: tuple[OutreachItem, ...] = ()  # oldest first
    not_now_until: date | None = None  # the patient said "Not now" to this prompt until then
    other_request_open: bool = False  # a flag whose patient has a follow-up in progress already
    clinicians: tuple[tuple[int, str], ...] = ()  # who may see the patient: (user id, name)
    modules: tuple[tuple[int, str], ...] = ()  # for a plan change at the visit: (id, label)


@dataclass(frozen=True)
class FollowUpQueue:
    items: tuple[QueueItem, ...]
    clinic_timezone: str


def _tel(phone: str | None) -> str | None:
    if not phone:
        return None
    try:
        return tel_uri(phone)
    except PhoneError:
        return None


def _clinicians(session: Session, patient_ids: set[int], today: date) -> dict[int, list]:
    rows = session.exec(
        select(CareTeamMember.patient_id, User.id, User.display_name)
        .join(User, User.id == CareTeamMember.user_id)
        .where(
            CareTeamMember.patient_id.in_(patient_ids),
            CareTeamMember.role == Role.CLINICIAN,
            CareTeamMember.from_date <= today,
            or_(CareTeamMember.to_date.is_(None), CareTeamMember.to_date >= today),
            User.active.is_(True),
        )
    ).all()
    wide = [
        (u.id, u.display_name)
        for u in session.exec(select(User).where(User.clinic_wide.is_(True), User.active.is_(True)))
        if Role.CLINICIAN in u.roles
    ]
    found: dict[int, list] = defaultdict(list)
    for patient_id, user_id, name in rows:
        found[patient_id].append((user_id, name))
    return {p: sorted(set(found.get(p, [])) | set(wide), key=lambda c: c[1]) for p in patient_ids}


def _modules(session: Session, patient_ids: set[int]) -> dict[int, tuple[tuple[int, str], ...]]:
    """Each patient's program's lessons, for a plan change at the visit (one read per program)."""
    rows = session.exec(
        select(Enrolment.patient_id, Enrolment.program_id).where(
            Enrolment.patient_id.in_(patient_ids), is_current_enrolment()
        )
    ).all()
    by_program = {}
    for program_id in {p for _, p in rows}:
        refs = sorted(published_modules(session, program_id), key=lambda m: (m.week, m.order))
        by_program[program_id] = tuple((m.id, f"Week {m.week}: {m.title}") for m in refs)
    return {patient_id: by_program[program_id] for patient_id, program_id in rows}


def _outreach(session: Session, patient_ids: set[int]) -> dict[tuple[str, int], list]:
    rows = session.exec(
        select(OutreachAttempt, User.display_name)
        .join(User, User.id == OutreachAttempt.by_id)
        .where(OutreachAttempt.patient_id.in_(patient_ids))
        .order_by(OutreachAttempt.at, OutreachAttempt.id)
    ).all()
    found: dict[tuple[str, int], list] = defaultdict(list)
    for attempt, name in rows:
        item = OutreachItem(attempt.at, attempt.method, attempt.note, name)
        if attempt.request_id is not None:
            found[("request", attempt.request_id)].append(item)
        elif attempt.flag_id is not None:
            found[("flag", attempt.flag_id)].append(item)
    return found


def _queue_summary(queue: FollowUpQueue) -> str:
    return f"{len(queue.items)} follow-ups, panel of {len({i.patient_id for i in queue.items})}"


@query("follow_up_queue", audit=StaffRead(_queue_summary))
def follow_up_queue(*, actor: Actor, now: datetime | None = None) -> FollowUpQueue:
    """The actor's patients' follow-ups in progress and open flags nobody has booked: most severe
    first (self-harm first within a severity), then the oldest."""
    now = now or utcnow()
    today = now.date()
    visible = visible_patient_ids_clause(actor, CARE_ROLES, today)
    with read_session() as session:
        requests = session.exec(
            select(FollowUpRequest, Patient, Flag, Visit)
            .join(Patient, Patient.id == FollowUpRequest.patient_id)
            .join(Flag, Flag.id == FollowUpRequest.flag_id, isouter=True)
            .join(Visit, Visit.request_id == FollowUpRequest.id, isouter=True)
            .where(visible, FollowUpRequest.status.in_(ACTIVE_FOLLOW_UP_STATUSES))
        ).all()
        flags = session.exec(
            select(Flag, Patient)
            .join(Patient, Patient.id == Flag.patient_id)
            .where(visible, Flag.status.in_(OPEN_FLAG_STATUSES))
        ).all()
        answered = {r.flag_id for r, *_ in requests if r.flag_id is not None}
        flags = [(f, p) for f, p in flags if f.id not in answered]
        patients = {p.id: p for _, p, *_ in requests} | {p.id: p for _, p in flags}
        ids = set(patients)
        said = dict(
            session.exec(
                select(NotNowAnswer.flag_id, NotNowAnswer.returns_on).where(
                    NotNowAnswer.patient_id.in_(ids), NotNowAnswer.returns_on > today
                )
            ).all()
        )
        clinicians = _clinicians(session, ids, today)
        modules = _modules(session, ids)
        outreach = _outreach(session, ids)
        names = dict(
            session.exec(
                select(User.id, User.display_name).where(
                    User.id.in_({v.clinician_id for *_, v in requests if v is not None})
                )
            ).all()
        )
        clinic = _clinic(session)
    with_request = {r.patient_id for r, *_ in requests}
    items = [
        _request_item(r, p, f, v, names, clinicians, modules, outreach, now, said)
        for r, p, f, v in requests
    ] + [
        _flag_item(f, p, clinicians, modules, outreach, now, said, p.id in with_request)
        for f, p in flags
    ]
    items.sort(key=lambda i: queue_order_key(i.severity, i.needs_risk_assessment, i.since))
    timezone = clinic.timezone if clinic is not None and clinic.timezone else DEFAULT_TIMEZONE
    return FollowUpQueue(tuple(items), timezone)


def _patient_fields(p: Patient, now: datetime) -> dict:
    return dict(
        patient_id=p.id,
        patient_name=p.full_name,
        patient_timezone=p.timezone,
        patient_today=local_today(p.timezone, now),
        phone=p.phone,
        tel=_tel(p.phone),
        preferred_contact=p.preferred_contact,
    )


def _flag_fields(f: Flag | None, said: dict[int, date]) -> dict:
    if f is None:
        return {}
    inputs = f.inputs or {}
    return dict(
        flag_id=f.id,
        rule=f.rule,
        rule_name=rule_name(f.rule, inputs),
        explanation=f.explanation,
        flag_status=f.status,
        needs_risk_assessment=needs_risk_assessment(f.rule, inputs),
        not_now_until=said.get(f.id),
    )


def _request_item(r, p, f, v, names, clinicians, modules, outreach, now, said) -> QueueItem:
    visit = None
    if v is not None:
        visit = StaffVisit(
            id=v.id,
            local_date=v.local_date,
            local_time=v.local_time,
            timezone=v.timezone,
            starts_at=v.starts_at,
            modality=v.modality,
            minutes=v.minutes,
            clinician_id=v.clinician_id,
            clinician_name=names.get(v.clinician_id, ""),
        )
    return QueueItem(
        key=f"request-{r.id}",
        **_patient_fields(p, now),
        severity=f.severity if f is not None else OWN_REQUEST_SEVERITY,
        since=r.created_at,
        **_flag_fields(f, said),
        request_id=r.id,
        status=r.status,
        modality=r.modality,
        windows=tuple(window_text(w) for w in r.windows),
        note=r.note,
        asked_on=r.asked_on,
        asked_by_patient=r.created_by == p.user_id,
        visit=visit,
        outreach=tuple(outreach.get(("request", r.id), ())),
        clinicians=tuple(clinicians.get(p.id, ())),
        modules=modules.get(p.id, ()),
    )


def _flag_item(f, p, clinicians, modules, outreach, now, said, other_open) -> QueueItem:
    return QueueItem(
        key=f"flag-{f.id}",
        **_patient_fields(p, now),
        severity=f.severity,
        since=f.opened_at,
        **_flag_fields(f, said),
        outreach=tuple(outreach.get(("flag", f.id), ())),
        other_request_open=other_open,
        clinicians=tuple(clinicians.get(p.id, ())),
        modules=modules.get(p.id, ()),
    )
