"""One patient's record for their care team: the patient detail screen (pages/care/patient.py).

Each data kind is loaded by its own loader (below, or in ``patient_detail_<kind>.py``: trends,
movement, practice, outreach) and lands in its own field of ``PatientDetail``, so a capability
that arrives later adds one loader and one field, and the page one section. Opening it is
audited once per page view (``StaffRead``, with the patient's id).

Typed text (medicine notes, goals, staff notes) is returned as typed: pages show it as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.engine import read_session
from db.lookups import current_enrolment_with_program, patient_today, plan_events
from db.models import CareTeamMember, CheckIn, Clinic, Flag, Goal, Patient, PlanEvent, User
from db.models import QuestionnaireResponse as Response
from db.queries import query
from db.queries.clinic import CLINIC_ID
from db.queries.flags import FlagHistoryItem, flag_history
from db.queries.patient_detail_movement import MovementRecord, movement_record
from db.queries.patient_detail_outreach import OutreachLine, outreach_log
from db.queries.patient_detail_practice import PracticeRecord, practice_record
from db.queries.patient_detail_trends import detail_trends
from db.queries.sleep import SleepView, sleep_view
from db.read_audit import StaffRead
from program.clinic_hours import DEFAULT_TIMEZONE
from program.curriculum import program_week
from program.flag_names import rule_name
from program.phone import PhoneError, tel_uri
from program.rules import flag_order_key
from program.vocabulary import QuestionnaireCode
from program.warning_signs import staff_name

# How far back the trends and notes reach: the program and a maintenance stretch after it.
HISTORY_DAYS = 200


@dataclass(frozen=True)
class Contact:
    name: str
    record_number: str
    date_of_birth: date
    phone: str | None
    tel: str | None  # tap-to-call link; None when the stored number cannot be dialled
    email: str | None
    preferred_contact: str
    emergency_contact: str | None
    timezone: str
    care_team: tuple[tuple[str, str], ...]  # (role, display name)


@dataclass(frozen=True)
class Enrolled:
    program_title: str
    status: str
    start_date: date
    week1_start: date | None
    week: int  # 0 while in the baseline week


@dataclass(frozen=True)
class QuestionnaireRow:
    instrument: str
    program_week: int
    local_date: date
    total: float
    band: str | None
    change: float | None  # PEG only: this week's score minus the baseline's
    item9: int | None  # PHQ-9 only


@dataclass(frozen=True)
class CheckInNote:
    local_date: date
    kind: str  # "medicines" | "warning signs"
    text: str  # the medicine note as typed, or the warning signs ticked


@dataclass(frozen=True)
class FlagDetail:
    id: int
    rule_name: str
    severity: str
    status: str
    explanation: str
    opened_at: datetime
    history: tuple[FlagHistoryItem, ...]


@dataclass(frozen=True)
class PlanChange:
    kind: str
    effective_date: date
    reason: str  # the patient sees it
    by: str | None
    until: date | None
    details: dict[str, Any]


@dataclass(frozen=True)
class GoalLine:
    text: str
    achieved: bool
    archived: bool


@dataclass(frozen=True)
class PatientDetail:
    patient_id: int
    local_date: date
    clinic_timezone: str  # times are shown as the clinic's staff read them
    contact: Contact
    enrolment: Enrolled | None
    trends: pd.DataFrame  # program.trends.DAILY_COLUMNS, one row per day
    movement: MovementRecord
    practice: PracticeRecord
    sleep: SleepView  # the diary: nights, weekly sleep, the bedtime plan when on
    questionnaires: tuple[QuestionnaireRow, ...]  # newest first
    notes: tuple[CheckInNote, ...]  # newest first
    flags: tuple[FlagDetail, ...]  # open ones first, most severe first
    outreach: tuple[OutreachLine, ...]  # newest first
    plan_changes: tuple[PlanChange, ...]  # newest first
    goals: tuple[GoalLine, ...]


@query("patient_detail", audit=StaffRead(lambda detail: "patient detail"))
def patient_detail(*, actor: Actor, patient_id: int, now: datetime | None = None) -> PatientDetail:
    """Everything the care team needs about one of their patients, on one screen."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "patient_detail", patient_id, now.date())
        patient = session.get(Patient, patient_id)
        if patient is None:
            raise NotFound(f"patient {patient_id}")
        today = patient_today(session, patient_id, now)
        since = today - timedelta(days=HISTORY_DAYS)
        return PatientDetail(
            patient_id=patient_id,
            local_date=today,
            clinic_timezone=_clinic_timezone(session),
            contact=_contact(session, patient, today),
            enrolment=_enrolment(session, patient_id, today),
            trends=detail_trends(session, patient_id, since, today),
            movement=movement_record(session, patient_id, today),
            practice=practice_record(session, patient_id, today),
            sleep=sleep_view(session, patient, today),
            questionnaires=_questionnaires(session, patient_id),
            notes=_notes(session, patient_id, since),
            flags=_flags(session, patient_id),
            outreach=outreach_log(session, patient_id),
            plan_changes=_plan_changes(session, patient_id),
            goals=_goals(session, patient_id),
        )


def _clinic_timezone(session: Session) -> str:
    clinic = session.get(Clinic, CLINIC_ID)
    return clinic.timezone if clinic is not None and clinic.timezone else DEFAULT_TIMEZONE


def _contact(session: Session, patient: Patient, today: date) -> Contact:
    team = session.exec(
        select(CareTeamMember.role, User.display_name)
        .join(User, User.id == CareTeamMember.user_id)
        .where(
            CareTeamMember.patient_id == patient.id,
            CareTeamMember.from_date <= today,
            (CareTeamMember.to_date.is_(None)) | (CareTeamMember.to_date >= today),
        )
        .order_by(CareTeamMember.role, User.display_name)
    ).all()
    try:
        tel = tel_uri(patient.phone) if patient.phone else None
    except PhoneError:
        tel = None
    return Contact(
        name=patient.full_name,
        record_number=patient.record_number,
        date_of_birth=patient.date_of_birth,
        phone=patient.phone,
        tel=tel,
        email=patient.email,
        preferred_contact=patient.preferred_contact,
        emergency_contact=patient.emergency_contact,
        timezone=patient.timezone,
        care_team=tuple((role, name) for role, name in team),
    )


def _enrolment(session: Session, patient_id: int, today: date) -> Enrolled | None:
    found = current_enrolment_with_program(session, patient_id)
    if found is None:
        return None
    enrolment, program = found
    events = plan_events(session, enrolment.id)
    week = program_week(enrolment.week1_start, today, events) if enrolment.week1_start else 0
    return Enrolled(
        program.title, enrolment.status, enrolment.start_date, enrolment.week1_start, week
    )


def _questionnaires(session: Session, patient_id: int) -> tuple[QuestionnaireRow, ...]:
    rows = session.exec(
        select(Response)
        .where(Response.patient_id == patient_id)
        .order_by(Response.taken_at, Response.id)
    ).all()
    pegs = [r for r in rows if r.instrument == QuestionnaireCode.PEG]
    baseline = min(pegs, key=lambda r: (r.program_week, -r.taken_at.timestamp()), default=None)
    out = []
    for r in rows:
        change = None
        if r.instrument == QuestionnaireCode.PEG and baseline is not None and r is not baseline:
            change = round(r.total - baseline.total, 2)
        item9 = (r.answers or {}).get("9") if r.instrument == QuestionnaireCode.PHQ9 else None
        out.append(
            QuestionnaireRow(
                r.instrument, r.program_week, r.local_date, r.total, r.band, change, item9
            )
        )
    return tuple(reversed(out))


def _notes(session: Session, patient_id: int, since: date) -> tuple[CheckInNote, ...]:
    rows = session.exec(
        select(CheckIn.local_date, CheckIn.medicines_note, CheckIn.warning_signs)
        .where(
            CheckIn.patient_id == patient_id,
            CheckIn.local_date >= since,
            (CheckIn.medicines_note.is_not(None)) | (CheckIn.anything_new.is_(True)),
        )
        .order_by(CheckIn.local_date.desc())
    ).all()
    notes = []
    for day, note, signs in rows:
        if note:
            notes.append(CheckInNote(day, "medicines", note))
        if signs:
            names = "; ".join(staff_name(s) for s in signs)
            notes.append(CheckInNote(day, "warning signs", names))
    return tuple(notes)


def _flags(session: Session, patient_id: int) -> tuple[FlagDetail, ...]:
    flags = session.exec(select(Flag).where(Flag.patient_id == patient_id)).all()
    history = flag_history(session, [f.id for f in flags])
    ordered = sorted(
        flags,
        key=lambda f: (
            f.status == "resolved",
            flag_order_key(f.severity, f.rule, f.inputs, f.opened_at),
        ),
    )
    return tuple(
        FlagDetail(
            f.id,
            rule_name(f.rule, f.inputs or {}),
            f.severity,
            f.status,
            f.explanation,
            f.opened_at,
            tuple(history.get(f.id, ())),
        )
        for f in ordered
    )


def _plan_changes(session: Session, patient_id: int) -> tuple[PlanChange, ...]:
    found = current_enrolment_with_program(session, patient_id)
    if found is None:
        return ()
    rows = session.exec(
        select(PlanEvent, User.display_name)
        .join(User, User.id == PlanEvent.actor_id, isouter=True)
        .where(PlanEvent.enrolment_id == found[0].id)
        .order_by(PlanEvent.id.desc())
    ).all()
    return tuple(
        PlanChange(e.kind, e.effective_date, e.reason, by, e.until_date, dict(e.details or {}))
        for e, by in rows
    )


def _goals(session: Session, patient_id: int) -> tuple[GoalLine, ...]:
    rows = session.exec(
        select(Goal).where(Goal.patient_id == patient_id).order_by(Goal.created_at, Goal.id)
    ).all()
    return tuple(GoalLine(g.text, g.achieved_at is not None, g.archived) for g in rows)
