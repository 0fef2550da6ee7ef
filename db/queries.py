"""Every read a page needs, guarded like the actions, and set-based (no query per patient)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import case, func
from sqlmodel import Session, select

from db.access import Actor, NotFound, require_patient, require_role, visible_patient_ids_clause
from db.clock import local_today, utcnow
from db.engine import read_session
from db.models import (
    CareTeamMember,
    CheckIn,
    Enrolment,
    Flag,
    Module,
    ModuleVersion,
    Patient,
    PlanEvent,
    Program,
    User,
)
from program.curriculum import DayPlan, ModuleRef, PlanEventRef, plan_for_day, program_week
from program.rules import SEVERITY_ORDER

OPEN_STATUSES = ("open", "acknowledged")


def _published_modules(session: Session, program_id: int) -> list[ModuleRef]:
    """The program's modules with the title of their newest published version."""
    newest = (
        select(ModuleVersion.module_id, func.max(ModuleVersion.number).label("number"))
        .where(ModuleVersion.status == "published")
        .group_by(ModuleVersion.module_id)
        .subquery()
    )
    rows = session.exec(
        select(Module, ModuleVersion.title)
        .join(newest, newest.c.module_id == Module.id)
        .join(
            ModuleVersion,
            (ModuleVersion.module_id == Module.id) & (ModuleVersion.number == newest.c.number),
        )
        .where(Module.program_id == program_id)
    ).all()
    return [ModuleRef(m.id, m.slug, m.week, m.track, m.order, title) for m, title in rows]


def _plan_events(session: Session, enrolment_id: int) -> list[PlanEventRef]:
    rows = session.exec(
        select(PlanEvent).where(PlanEvent.enrolment_id == enrolment_id).order_by(PlanEvent.id)
    ).all()
    return [PlanEventRef(e.kind, e.effective_date, e.module_id, e.reason, e.id) for e in rows]


def _current_enrolment(session: Session, patient_id: int) -> tuple[Enrolment, Program] | None:
    return session.exec(
        select(Enrolment, Program)
        .join(Program, Program.id == Enrolment.program_id)
        .where(Enrolment.patient_id == patient_id, Enrolment.status != "withdrawn")
        .order_by(Enrolment.id.desc())
    ).first()


@dataclass(frozen=True)
class TodayView:
    patient_name: str
    local_date: date
    timezone: str
    program_title: str | None
    plan: DayPlan | None
    check_in: CheckIn | None


def today_for_patient(*, actor: Actor, now: datetime | None = None) -> TodayView:
    """What the patient's Today screen shows on their local date."""
    now = now or utcnow()
    with read_session() as session:
        require_role(actor, "view_today")
        if actor.patient_id is None:
            raise NotFound("patient")
        patient = session.get(Patient, actor.patient_id)
        day = local_today(patient.timezone, now)
        require_patient(session, actor, "view_today", patient.id, day)
        check_in = session.exec(
            select(CheckIn).where(CheckIn.patient_id == patient.id, CheckIn.local_date == day)
        ).first()
        found = _current_enrolment(session, patient.id)
        if found is None:
            return TodayView(patient.given_name, day, patient.timezone, None, None, check_in)
        enrolment, program = found
        plan = plan_for_day(
            _published_modules(session, program.id),
            _plan_events(session, enrolment.id),
            enrolment.week1_start,
            day,
            program.weeks,
        )
        return TodayView(patient.given_name, day, patient.timezone, program.title, plan, check_in)


# --- care team --------------------------------------------------------------------------------


PANEL_COLUMNS = [
    "patient_id",
    "name",
    "record_number",
    "week",
    "last_check_in",
    "mean_pain_7d",
    "emergency",
    "urgent",
    "soon",
    "routine",
    "open_flags",
]


def panel_for_staff(*, actor: Actor, now: datetime | None = None) -> pd.DataFrame:
    """The actor's patients, one row each, most severe open flags first (three queries in all)."""
    now = now or utcnow()
    today = now.date()
    require_role(actor, "view_panel")
    where_visible = visible_patient_ids_clause(actor, ("coordinator", "clinician"), today)
    since = today - timedelta(days=6)
    last = (
        select(CheckIn.patient_id, func.max(CheckIn.local_date).label("last_check_in"))
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    recent = (
        select(CheckIn.patient_id, func.avg(CheckIn.pain).label("mean_pain_7d"))
        .where(CheckIn.local_date >= since)
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    severity_counts = [
        func.sum(case((Flag.severity == s, 1), else_=0)).label(s) for s in SEVERITY_ORDER
    ]
    flags = (
        select(Flag.patient_id, *severity_counts)
        .where(Flag.status.in_(OPEN_STATUSES))
        .group_by(Flag.patient_id)
        .subquery()
    )
    query = (
        select(
            Patient.id,
            Patient.given_name,
            Patient.family_name,
            Patient.record_number,
            Patient.timezone,
            Enrolment.id,
            Enrolment.week1_start,
            Enrolment.status,
            last.c.last_check_in,
            recent.c.mean_pain_7d,
            *[flags.c[s] for s in SEVERITY_ORDER],
        )
        .outerjoin(
            Enrolment, (Enrolment.patient_id == Patient.id) & (Enrolment.status != "withdrawn")
        )
        .outerjoin(last, last.c.patient_id == Patient.id)
        .outerjoin(recent, recent.c.patient_id == Patient.id)
        .outerjoin(flags, flags.c.patient_id == Patient.id)
        .where(where_visible)
    )
    with read_session() as session:
        rows = session.exec(query).all()
        enrolment_ids = [r[5] for r in rows if r[5] is not None]
        pauses: dict[int, list[PlanEventRef]] = {}
        if enrolment_ids:
            for e in session.exec(
                select(PlanEvent).where(
                    PlanEvent.enrolment_id.in_(enrolment_ids),
                    PlanEvent.kind.in_(("pause", "resume")),
                )
            ):
                pauses.setdefault(e.enrolment_id, []).append(
                    PlanEventRef(e.kind, e.effective_date, sequence=e.id)
                )
    records = []
    for pid, given, family, mrn, tz, enrol_id, start, status, last_day, mean7, *counts in rows:
        day = local_today(tz, now)
        week = program_week(start, day, pauses.get(enrol_id, ())) if start else None
        if status == "active" and start is None:
            status = "baseline"
        counts = [int(c or 0) for c in counts]
        records.append(
            {
                "patient_id": pid,
                "name": f"{given} {family}",
                "record_number": mrn,
                "week": week if status != "paused" else None,
                "status": status or "not enrolled",
                "last_check_in": last_day,
                "mean_pain_7d": round(float(mean7), 1) if mean7 is not None else None,
                **dict(zip(SEVERITY_ORDER, counts, strict=True)),
                "open_flags": sum(counts),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=[*PANEL_COLUMNS, "status"])
    if frame.empty:
        return frame
    return frame.sort_values(
        by=[*SEVERITY_ORDER, "last_check_in"],
        ascending=[False] * len(SEVERITY_ORDER) + [True],
        na_position="first",
    ).reset_index(drop=True)


@dataclass(frozen=True)
class FlagRow:
    id: int
    patient_id: int
    patient_name: str
    rule: str
    severity: str
    status: str
    explanation: str
    opened_at: datetime
    acknowledge_note: str | None
    resolution_note: str | None


def flags_for_staff(
    *, actor: Actor, include_resolved: bool = False, now: datetime | None = None
) -> list[FlagRow]:
    """Flags of the actor's patients, most severe and oldest first."""
    now = now or utcnow()
    require_role(actor, "view_panel")
    statuses = ("open", "acknowledged", "resolved") if include_resolved else OPEN_STATUSES
    rank = case(
        {s: i for i, s in enumerate(SEVERITY_ORDER)}, value=Flag.severity, else_=len(SEVERITY_ORDER)
    )
    with read_session() as session:
        rows = session.exec(
            select(Flag, Patient.given_name, Patient.family_name)
            .join(Patient, Patient.id == Flag.patient_id)
            .where(
                visible_patient_ids_clause(actor, ("coordinator", "clinician"), now.date()),
                Flag.status.in_(statuses),
            )
            .order_by(rank, Flag.opened_at)
        ).all()
    return [
        FlagRow(
            f.id,
            f.patient_id,
            f"{g} {fam}",
            f.rule,
            f.severity,
            f.status,
            f.explanation,
            f.opened_at,
            f.acknowledge_note,
            f.resolution_note,
        )
        for f, g, fam in rows
    ]


@dataclass(frozen=True)
class PatientChoice:
    id: int
    name: str
    record_number: str


def patients_for_staff(
    *, actor: Actor, role: str, now: datetime | None = None
) -> list[PatientChoice]:
    """The patients the actor looks after in ``role`` (for pickers)."""
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(Patient.id, Patient.given_name, Patient.family_name, Patient.record_number)
            .where(visible_patient_ids_clause(actor, (role,), now.date()))
            .order_by(Patient.family_name, Patient.given_name)
        ).all()
    return [PatientChoice(i, f"{g} {f}", mrn) for i, g, f, mrn in rows]


@dataclass(frozen=True)
class PlanView:
    patient_id: int
    patient_name: str
    program_title: str
    start_date: date
    plan: DayPlan
    history: list[PlanEvent]


def plan_for_clinician(*, actor: Actor, patient_id: int, now: datetime | None = None) -> PlanView:
    """One patient's current plan and its change history."""
    now = now or utcnow()
    with read_session() as session:
        require_role(actor, "view_plan")
        require_patient(session, actor, "view_plan", patient_id, now.date())
        patient = session.get(Patient, patient_id)
        found = _current_enrolment(session, patient_id)
        if found is None:
            raise NotFound("enrolment")
        enrolment, program = found
        events = _plan_events(session, enrolment.id)
        plan = plan_for_day(
            _published_modules(session, program.id),
            events,
            enrolment.week1_start,
            local_today(patient.timezone, now),
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


# --- admin ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminOverview:
    users: pd.DataFrame
    patients: pd.DataFrame
    staff: dict[str, list[tuple[int, str]]]
    patient_logins: list[tuple[int, str]]
    programs: list[tuple[str, str]]


def admin_overview(*, actor: Actor) -> AdminOverview:
    """Users, patients and the choices the enrolment forms need (no clinical data)."""
    require_role(actor, "manage_users")
    with read_session() as session:
        users = session.exec(select(User).order_by(User.username)).all()
        linked = set(
            session.exec(select(Patient.user_id).where(Patient.user_id.is_not(None))).all()
        )
        patients = session.exec(
            select(Patient, Enrolment.start_date, Enrolment.status)
            .outerjoin(
                Enrolment, (Enrolment.patient_id == Patient.id) & (Enrolment.status != "withdrawn")
            )
            .order_by(Patient.family_name)
        ).all()
        programs = session.exec(select(Program.slug, Program.title)).all()
    user_frame = pd.DataFrame(
        [
            {
                "username": u.username,
                "name": u.display_name,
                "roles": ", ".join(u.roles),
                "active": u.active,
                "must change password": u.must_change_password,
            }
            for u in users
        ]
    )
    patient_frame = pd.DataFrame(
        [
            {
                "id": p.id,
                "name": p.full_name,
                "record": p.record_number,
                "time zone": p.timezone,
                "start": start,
                "status": status or "not enrolled",
            }
            for p, start, status in patients
        ]
    )
    staff = {
        role: [
            (u.id, f"{u.display_name} ({u.username})")
            for u in users
            if role in u.roles and u.active
        ]
        for role in ("coordinator", "clinician")
    }
    patient_logins = [
        (u.id, u.username) for u in users if "patient" in u.roles and u.id not in linked
    ]
    return AdminOverview(user_frame, patient_frame, staff, patient_logins, list(programs))


def care_team_of(session: Session, patient_id: int) -> list[CareTeamMember]:
    return list(
        session.exec(select(CareTeamMember).where(CareTeamMember.patient_id == patient_id)).all()
    )
