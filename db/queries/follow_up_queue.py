"""The care team's follow-up queue: requests in progress and open flags nobody has booked yet.

Set-based: every item's patient, request, visit, outreach, clinicians and modules come in a fixed
handful of queries, however long the queue is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
    NotNowAnswer,
    OutreachAttempt,
    Patient,
    User,
    Visit,
)
from db.queries import query
from db.queries.clinic import CLINIC_ID
from db.read_audit import StaffRead
from program.clinic_hours import DEFAULT_TIMEZONE
from program.flag_names import rule_name
from program.follow_ups import OWN_REQUEST_SEVERITY, queue_order_key, window_text
from program.phone import PhoneError, tel_uri
from program.rules import needs_risk_assessment
from program.vocabulary import (
    ACTIVE_FOLLOW_UP_STATUSES,
    CARE_ROLES,
    OPEN_FLAG_STATUSES,
    FollowUpStatus,
    Role,
)


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
class CancelledItem:
    """A request cancelled lately: the queue says so, and why, so nobody waits for it."""

    patient_name: str
    cancelled_at: datetime
    reason: str  # typed by the patient or by staff: plain text
    by: str
    by_patient: bool


RECENTLY_CANCELLED_DAYS = 14


@dataclass(frozen=True)
class FollowUpQueue:
    items: tuple[QueueItem, ...]
    clinic_timezone: str
    recently_cancelled: tuple[CancelledItem, ...] = ()  # newest first


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
        clinic = session.get(Clinic, CLINIC_ID)
        cancelled = _recently_cancelled(session, visible, now)
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
    return FollowUpQueue(tuple(items), timezone, cancelled)


def _recently_cancelled(session: Session, visible, now: datetime) -> tuple[CancelledItem, ...]:
    rows = session.exec(
        select(FollowUpRequest, Patient, User)
        .join(Patient, Patient.id == FollowUpRequest.patient_id)
        .join(User, User.id == FollowUpRequest.cancelled_by)
        .where(
            visible,
            FollowUpRequest.status == FollowUpStatus.CANCELLED,
            FollowUpRequest.cancelled_at >= now - timedelta(days=RECENTLY_CANCELLED_DAYS),
        )
        .order_by(FollowUpRequest.cancelled_at.desc())
    ).all()
    return tuple(
        CancelledItem(
            p.full_name, r.cancelled_at, r.cancel_reason, u.display_name, u.id == p.user_id
        )
        for r, p, u in rows
    )


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
        since=f.opened_at if f is not None else r.created_at,  # how long the need has waited
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
