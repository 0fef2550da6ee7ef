"""Every user action: keyword-only, one transaction, permission check and audit row inside.

Pages call exactly one of these per action. Bad input raises ``InvalidInput`` with a message a
user can read; a refused action raises ``AccessDenied``/``NotFound`` after the refusal was audited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import wraps
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from db.access import AccessDenied, Actor, NotFound, require_patient, require_role
from db.audit import AuditActor, record
from db.auth import revoke_user_sessions
from db.clock import local_today, utcnow
from db.engine import write_session
from db.models import (
    ROLES,
    CareTeamMember,
    CheckIn,
    Enrolment,
    Flag,
    Module,
    Patient,
    PlanEvent,
    Program,
    User,
)
from db.passwords import hash_password, password_problems
from program.rules import FlagSpec, medicines_changed_flag, severity_rank, warning_sign_flag
from program.warning_signs import Guidance, guidance_for, unknown_keys

P = ParamSpec("P")
R = TypeVar("R")

PLAN_EVENT_KINDS = ("hold", "release", "unlock", "skip", "pause", "resume")
MODULE_EVENT_KINDS = ("hold", "release", "unlock", "skip")
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


class InvalidInput(ValueError):
    """Input a user can correct; the message says how."""


ACTIONS: dict[str, Callable[..., object]] = {}


def action(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a user action and audit its refusals in their own transaction."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        @wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return fn(*args, **kwargs)
            except AccessDenied:
                actor = kwargs.get("actor")
                with write_session() as session:
                    record(
                        session,
                        actor=AuditActor(actor.user_id, actor.username) if actor else None,
                        action=name,
                        outcome="refused",
                        patient_id=kwargs.get("patient_id"),
                    )
                raise

        ACTIONS[name] = run
        return run

    return wrap


def _audit(
    session: Session,
    actor: Actor,
    action_name: str,
    patient_id: int | None = None,
    detail: str = "",
) -> None:
    record(
        session,
        actor=AuditActor(actor.user_id, actor.username),
        action=action_name,
        patient_id=patient_id,
        detail=detail,
    )


def _patient_today(session: Session, patient_id: int, now: datetime) -> date:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(f"patient {patient_id}")
    return local_today(patient.timezone, now)


def _staff_today(now: datetime) -> date:
    return now.date()


def _bounded_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"Please choose {name} from {low} to {high}.")
    return value


def _text(name: str, value: str | None, max_len: int, required: bool = False) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Please add {name}.")
    if len(value) > max_len:
        raise InvalidInput(f"Please keep {name} under {max_len} characters.")
    return value or None


# --- flags ------------------------------------------------------------------------------------


def open_or_update_flag(session: Session, patient_id: int, spec: FlagSpec) -> Flag:
    """Open a flag episode, or refresh the open one with the same dedupe key (never duplicate)."""
    existing = session.exec(
        select(Flag).where(
            Flag.patient_id == patient_id,
            Flag.dedupe_key == spec.dedupe_key,
            Flag.status != "resolved",
        )
    ).first()
    now = utcnow()
    if existing is not None:
        existing.last_seen_at = now
        existing.explanation = spec.explanation
        existing.inputs = spec.inputs
        if severity_rank(spec.severity) < severity_rank(existing.severity):
            existing.severity = spec.severity
        session.add(existing)
        return existing
    flag = Flag(
        patient_id=patient_id,
        rule=spec.rule,
        dedupe_key=spec.dedupe_key,
        severity=spec.severity,
        explanation=spec.explanation,
        inputs=spec.inputs,
        opened_at=now,
        last_seen_at=now,
    )
    session.add(flag)
    session.flush()
    return flag


# --- patient actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    check_in: CheckIn
    created: bool
    guidance: Guidance | None
    flags: tuple[Flag, ...]


@action("record_check_in")
def record_check_in(
    *,
    actor: Actor,
    pain: int,
    sleep_quality: int,
    mood: int,
    stress: int,
    flare: bool,
    medicines_changed: bool,
    medicines_note: str | None = None,
    anything_new: bool = False,
    warning_signs: Iterable[str] = (),
    now: datetime | None = None,
) -> CheckInResult:
    """Save today's check-in (one per local day; saving again the same day updates it)."""
    now = now or utcnow()
    signs = sorted(set(warning_signs)) if anything_new else []
    if bad := unknown_keys(signs):
        raise InvalidInput(f"Unknown warning sign: {', '.join(bad)}")
    values = {
        "pain": _bounded_int("your pain", pain, 0, 10),
        "sleep_quality": _bounded_int("how you slept", sleep_quality, 1, 5),
        "mood": _bounded_int("your mood", mood, 1, 5),
        "stress": _bounded_int("your stress", stress, 1, 5),
        "flare": bool(flare),
        "medicines_changed": bool(medicines_changed),
        "medicines_note": _text("the medicine note", medicines_note, 1000)
        if medicines_changed
        else None,
        "anything_new": bool(anything_new),
        "warning_signs": signs,
    }
    with write_session() as session:
        if not actor.has("patient") or actor.patient_id is None:
            raise AccessDenied("record_check_in")
        patient_id = actor.patient_id
        day = _patient_today(session, patient_id, now)
        require_patient(session, actor, "record_check_in", patient_id, day)
        row = session.exec(
            select(CheckIn).where(CheckIn.patient_id == patient_id, CheckIn.local_date == day)
        ).first()
        created = row is None
        if row is None:
            row = CheckIn(patient_id=patient_id, local_date=day, created_at=now, **values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        row.updated_at = now
        session.add(row)
        session.flush()
        flags = []
        if spec := warning_sign_flag(signs, day):
            flags.append(open_or_update_flag(session, patient_id, spec))
        if values["medicines_changed"]:
            flags.append(
                open_or_update_flag(
                    session, patient_id, medicines_changed_flag(values["medicines_note"], day)
                )
            )
        _audit(session, actor, "record_check_in" if created else "update_check_in", patient_id)
        return CheckInResult(row, created, guidance_for(signs), tuple(flags))


# --- care-team actions ------------------------------------------------------------------------


def _flag_for(
    session: Session, actor: Actor, flag_id: int, action_name: str, now: datetime
) -> Flag:
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise NotFound(f"flag {flag_id}")
    require_patient(session, actor, action_name, flag.patient_id, _staff_today(now))
    return flag


@action("acknowledge_flag")
def acknowledge_flag(
    *, actor: Actor, flag_id: int, note: str = "", now: datetime | None = None
) -> Flag:
    """Mark a flag as seen and being handled, with an optional note."""
    now = now or utcnow()
    note = _text("a note", note, 2000)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "acknowledge_flag", now)
        if flag.status != "open":
            raise InvalidInput("This flag was already acknowledged or resolved.")
        flag.status, flag.acknowledged_at, flag.acknowledged_by = "acknowledged", now, actor.user_id
        flag.acknowledge_note = note
        session.add(flag)
        _audit(session, actor, "acknowledge_flag", flag.patient_id, f"flag {flag.id}")
        return flag


@action("resolve_flag")
def resolve_flag(*, actor: Actor, flag_id: int, note: str, now: datetime | None = None) -> Flag:
    """Close a flag with a note saying what was done."""
    now = now or utcnow()
    note = _text("a note saying what was done", note, 2000, required=True)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "resolve_flag", now)
        if flag.status == "resolved":
            raise InvalidInput("This flag is already resolved.")
        flag.status, flag.resolved_at, flag.resolved_by, flag.resolution_note = (
            "resolved",
            now,
            actor.user_id,
            note,
        )
        session.add(flag)
        _audit(session, actor, "resolve_flag", flag.patient_id, f"flag {flag.id}")
        return flag


def _active_enrolment(session: Session, patient_id: int) -> Enrolment:
    enrolment = session.exec(
        select(Enrolment)
        .where(Enrolment.patient_id == patient_id, Enrolment.status.in_(("active", "paused")))
        .order_by(Enrolment.id.desc())
    ).first()
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
    now: datetime | None = None,
) -> PlanEvent:
    """Append a plan change (hold, release, unlock, skip, pause, resume) with a reason the patient sees."""
    now = now or utcnow()
    if kind not in PLAN_EVENT_KINDS:
        raise InvalidInput(f"Unknown plan change {kind!r}.")
    reason = _text("a reason the patient will see", reason, 500, required=True)
    if kind in MODULE_EVENT_KINDS and module_id is None:
        raise InvalidInput("Please choose a module.")
    with write_session() as session:
        require_role(actor, "change_plan")
        require_patient(session, actor, "change_plan", patient_id, _staff_today(now))
        enrolment = _active_enrolment(session, patient_id)
        if module_id is not None:
            module = session.get(Module, module_id)
            if module is None or module.program_id != enrolment.program_id:
                raise InvalidInput("That module is not part of this patient's program.")
        day = effective_date or _patient_today(session, patient_id, now)
        event = PlanEvent(
            enrolment_id=enrolment.id,
            kind=kind,
            module_id=module_id if kind in MODULE_EVENT_KINDS else None,
            effective_date=day,
            reason=reason,
            actor_id=actor.user_id,
            created_at=now,
        )
        session.add(event)
        if kind in ("pause", "resume"):
            enrolment.status = "paused" if kind == "pause" else "active"
            session.add(enrolment)
        session.flush()
        _audit(session, actor, f"plan_{kind}", patient_id)
        return event


# --- admin actions ----------------------------------------------------------------------------


def _roles(roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles))
    if not roles:
        raise InvalidInput("Please choose at least one role.")
    if bad := [r for r in roles if r not in ROLES]:
        raise InvalidInput(f"Unknown role: {', '.join(bad)}")
    return roles


@action("create_user")
def create_user(
    *,
    actor: Actor,
    username: str,
    display_name: str,
    roles: Iterable[str],
    temporary_password: str,
    email: str | None = None,
    clinic_wide: bool = False,
) -> User:
    """Create a login; the person must choose their own password at first login."""
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise InvalidInput(
            "Usernames are 3–64 characters: lowercase letters, digits, dot, dash or underscore."
        )
    display_name = _text("a display name", display_name, 120, required=True)
    email = _text("an e-mail address", email, 254)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise InvalidInput("That e-mail address does not look right.")
    roles = _roles(roles)
    if problems := password_problems(temporary_password, user_inputs=[username, display_name]):
        raise InvalidInput("Temporary password: " + " ".join(problems))
    with write_session() as session:
        require_role(actor, "manage_users")
        if session.exec(select(User.id).where(User.username == username)).first() is not None:
            raise InvalidInput("That username is taken.")
        user = User(
            username=username,
            display_name=display_name,
            email=email,
            roles=roles,
            password_hash=hash_password(temporary_password),
            must_change_password=True,
            clinic_wide=clinic_wide,
        )
        session.add(user)
        session.flush()
        _audit(session, actor, "create_user", detail=f"user {user.id}")
        return user


@action("set_user_active")
def set_user_active(*, actor: Actor, user_id: int, active: bool) -> User:
    """Disable or re-enable a login; disabling ends all of its sessions at once."""
    with write_session() as session:
        require_role(actor, "manage_users")
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id}")
        if user.id == actor.user_id and not active:
            raise InvalidInput("You cannot disable your own account.")
        user.active = active
        session.add(user)
        if not active:
            revoke_user_sessions(session, user.id, "user disabled")
        _audit(
            session, actor, "enable_user" if active else "disable_user", detail=f"user {user.id}"
        )
        return user


def _valid_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"Unknown time zone {name!r}; use a name like America/Chicago.") from exc
    return name


@action("register_patient")
def register_patient(
    *,
    actor: Actor,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    record_number: str,
    timezone: str,
    phone: str | None = None,
    email: str | None = None,
    preferred_contact: str = "phone",
    emergency_contact: str | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
) -> Patient:
    """Register the person (apart from their login) and optionally link their patient login."""
    now = now or utcnow()
    given_name = _text("a given name", given_name, 80, required=True)
    family_name = _text("a family name", family_name, 80, required=True)
    record_number = _text("a record number", record_number, 40, required=True)
    if not isinstance(date_of_birth, date) or not date(1900, 1, 1) <= date_of_birth <= now.date():
        raise InvalidInput("Please enter a real date of birth.")
    if preferred_contact not in ("phone", "text", "email"):
        raise InvalidInput("Preferred contact must be phone, text or email.")
    timezone = _valid_timezone(timezone)
    with write_session() as session:
        require_role(actor, "manage_enrolment")
        if session.exec(select(Patient.id).where(Patient.record_number == record_number)).first():
            raise InvalidInput("A patient with that record number already exists.")
        if user_id is not None:
            user = session.get(User, user_id)
            if user is None or "patient" not in user.roles:
                raise InvalidInput("The linked login must exist and have the patient role.")
            if session.exec(select(Patient.id).where(Patient.user_id == user_id)).first():
                raise InvalidInput("That login already belongs to another patient.")
        patient = Patient(
            user_id=user_id,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            record_number=record_number,
            phone=_text("a phone number", phone, 40),
            email=_text("an e-mail address", email, 254),
            preferred_contact=preferred_contact,
            emergency_contact=_text("an emergency contact", emergency_contact, 200),
            timezone=timezone,
        )
        session.add(patient)
        session.flush()
        _audit(session, actor, "register_patient", patient.id)
        return patient


@action("enrol_patient")
def enrol_patient(
    *,
    actor: Actor,
    patient_id: int,
    program_slug: str,
    start_date: date,
    coordinator_id: int,
    clinician_id: int,
    now: datetime | None = None,
) -> Enrolment:
    """Enrol a patient in a program from a start date, with a coordinator and a clinician."""
    now = now or utcnow()
    with write_session() as session:
        require_role(actor, "manage_enrolment")
        if session.get(Patient, patient_id) is None:
            raise NotFound(f"patient {patient_id}")
        program = session.exec(select(Program).where(Program.slug == program_slug)).first()
        if program is None:
            raise InvalidInput("Unknown program.")
        if session.exec(
            select(Enrolment.id).where(
                Enrolment.patient_id == patient_id, Enrolment.status.in_(("active", "paused"))
            )
        ).first():
            raise InvalidInput("This patient is already enrolled.")
        for user_id, role in ((coordinator_id, "coordinator"), (clinician_id, "clinician")):
            staff = session.get(User, user_id)
            if staff is None or role not in staff.roles or not staff.active:
                raise InvalidInput(f"Please choose an active {role}.")
        enrolment = Enrolment(patient_id=patient_id, program_id=program.id, start_date=start_date)
        session.add(enrolment)
        for user_id, role in ((coordinator_id, "coordinator"), (clinician_id, "clinician")):
            session.add(
                CareTeamMember(
                    patient_id=patient_id, user_id=user_id, role=role, from_date=now.date()
                )
            )
        session.flush()
        _audit(session, actor, "enrol_patient", patient_id)
        return enrolment
