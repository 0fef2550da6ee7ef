"""Logins and patients for the admin, and patient logins for a coordinator to reset."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import func
from sqlmodel import select

from core.clock import utcnow
from core.settings import Settings, load_settings
from db.access import Actor, is_patient_only_login, visible_patient_ids_clause
from db.engine import read_session
from db.lookups import is_current_enrolment
from db.models import Enrolment, LoginSession, Patient, Program, User
from db.queries import query
from db.queries.sessions import live_sessions_clause
from db.read_audit import StaffRead, panel_of
from program.vocabulary import CARE_ROLES, Role


@dataclass(frozen=True)
class AdminOverview:
    users: pd.DataFrame
    patients: pd.DataFrame
    staff: dict[str, list[tuple[int, str]]]
    patient_logins: list[tuple[int, str]]  # active patient-only logins linked to nobody yet
    programs: list[tuple[str, str]]
    patients_without_login: list[tuple[int, str]] = field(default_factory=list)


@query(
    "admin_overview",
    audit=StaffRead(lambda o: f"{len(o.users)} users, panel of {len(o.patients)}"),
)
def admin_overview(*, actor: Actor) -> AdminOverview:
    """Users, patients and the choices the enrolment forms need (no clinical data)."""
    with read_session() as session:
        users = session.exec(select(User).order_by(User.username)).all()
        linked = set(
            session.exec(select(Patient.user_id).where(Patient.user_id.is_not(None))).all()
        )
        patients = session.exec(
            select(Patient, Enrolment.start_date, Enrolment.status)
            .outerjoin(Enrolment, (Enrolment.patient_id == Patient.id) & is_current_enrolment())
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
        for role in CARE_ROLES
    }
    patient_logins = [
        (u.id, u.username)
        for u in users
        if is_patient_only_login(u) and u.active and u.id not in linked
    ]
    without_login = [
        (p.id, f"{p.full_name} ({p.record_number})") for p, _, _ in patients if p.user_id is None
    ]
    return AdminOverview(
        user_frame, patient_frame, staff, patient_logins, list(programs), without_login
    )


@dataclass(frozen=True)
class UserAccount:
    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    must_change_password: bool
    locked: bool
    live_sessions: int
    locked_until: datetime | None = None  # while paused: until when


@query("user_accounts", audit=StaffRead(lambda rows: f"{len(rows)} accounts"))
def user_accounts(
    *, actor: Actor, settings: Settings | None = None, now: datetime | None = None
) -> list[UserAccount]:
    """Every login with its state and how many live sessions it has (one query)."""
    settings = settings or load_settings()
    now = now or utcnow()
    live = (
        select(LoginSession.user_id, func.count().label("n"))
        .where(live_sessions_clause(now, settings))
        .group_by(LoginSession.user_id)
        .subquery()
    )
    with read_session() as session:
        rows = session.exec(
            select(User, live.c.n)
            .outerjoin(live, live.c.user_id == User.id)
            .order_by(User.username)
        ).all()
    return [
        UserAccount(
            u.id,
            u.username,
            u.display_name,
            tuple(u.roles),
            u.active,
            u.must_change_password,
            u.locked_until is not None and u.locked_until > now,
            int(n or 0),
            u.locked_until if u.locked_until is not None and u.locked_until > now else None,
        )
        for u, n in rows
    ]


@dataclass(frozen=True)
class PatientLogin:
    user_id: int
    patient_id: int
    name: str
    record_number: str
    username: str
    active: bool
    must_change_password: bool


@query("patient_logins_for_staff", audit=StaffRead(panel_of))
def patient_logins_for_staff(*, actor: Actor, now: datetime | None = None) -> list[PatientLogin]:
    """Logins of the coordinator's own patients (for a temporary password)."""
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(Patient, User)
            .join(User, User.id == Patient.user_id)
            .where(visible_patient_ids_clause(actor, (Role.COORDINATOR,), now.date()))
            .order_by(Patient.family_name, Patient.given_name)
        ).all()
    return [
        PatientLogin(
            u.id, p.id, p.full_name, p.record_number, u.username, u.active, u.must_change_password
        )
        for p, u in rows
        if is_patient_only_login(u)
    ]
