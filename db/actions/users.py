"""Logins, patients and enrolment, by the admin."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Session, select

from core.clock import utcnow
from core.passwords import hash_password, password_problems
from core.settings import Settings, load_settings
from db.access import Actor, NotFound, is_patient_only_login, may_disable_account
from db.actions import InvalidInput, action
from db.actions.common import clean_text, write_audit
from db.approvals import (
    ApprovalRequested,
    deciders,
    pending_usernames,
    reaches_clinical_data,
    record_applied_alone,
    request_approval,
    roles_text,
)
from db.auth import password_words, revoke_user_sessions
from db.engine import write_session
from db.lookups import current_enrolment
from db.models import CareTeamMember, Enrolment, Patient, Program, User, max_length
from program.timezones import is_known_timezone
from program.vocabulary import CARE_ROLES, ApprovalKind, Role

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")

# The only role combinations an admin can give a login, by the label the admin sees. A patient's
# login is never also staff or admin: a patient's phone must not open clinical or admin pages.
ROLE_CHOICES: dict[str, tuple[str, ...]] = {
    "Patient": ("patient",),
    "Care coordinator": ("coordinator",),
    "Clinician": ("clinician",),
    "Care coordinator and clinician": ("clinician", "coordinator"),
    "Admin": ("admin",),
}
PATIENT_AND_STAFF = (
    "A patient login cannot also be staff or admin. "
    "Please make a separate login for the person's staff work."
)


def _roles(roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles))
    if not roles:
        raise InvalidInput("Please choose at least one role.")
    if bad := [r for r in roles if r not in set(Role)]:
        raise InvalidInput(f"Unknown role: {', '.join(bad)}")
    if "patient" in roles and len(roles) > 1:
        raise InvalidInput(PATIENT_AND_STAFF)
    return roles


def _check_patient_login(session: Session, user_id: int) -> User:
    """The login to link to a patient record: patient-only, active and linked to nobody else."""
    user = session.get(User, user_id)
    if user is None:
        raise InvalidInput("That login does not exist.")
    if "patient" not in user.roles:
        raise InvalidInput("The linked login must have the patient role.")
    if not is_patient_only_login(user):
        raise InvalidInput(PATIENT_AND_STAFF)
    if not user.active:
        raise InvalidInput("That login is disabled. Please enable it first.")
    if session.exec(select(Patient.id).where(Patient.user_id == user_id)).first():
        raise InvalidInput("That login already belongs to another patient.")
    return user


def username_shape(username: str) -> str:
    """A username without case and the separators that are easy to misread (. - _)."""
    return re.sub(r"[._-]", "", username.lower())


def _look_alike(session: Session, username: str) -> str | None:
    """An existing username (or one waiting for approval) differing from ``username`` only by
    case, ".", "-" or "_"."""
    shape = username_shape(username)
    for existing in [*session.exec(select(User.username)), *pending_usernames(session)]:
        if username_shape(existing) == shape:
            return existing
    return None


def check_username_free(session: Session, username: str) -> None:
    """Refuse a username that is taken, waiting for approval, or too like one that is."""
    if session.exec(select(User.id).where(User.username == username)).first() is not None:
        raise InvalidInput("That username is taken.")
    if username in pending_usernames(session):
        raise InvalidInput("A login with that username is already waiting for a second admin.")
    if twin := _look_alike(session, username):
        raise InvalidInput(
            f"That username is too like {twin!r}, which already exists: people could mix them "
            "up. Please choose a clearly different one."
        )


def add_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    email: str | None,
    roles: list[str],
    clinic_wide: bool,
    password_hash: str,
    note: str = "",
) -> User:
    """Insert a checked login that must choose its own password, with its audit rows; ``note``
    names the admins of an approved request."""
    check_username_free(session, username)
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        roles=roles,
        password_hash=password_hash,
        must_change_password=True,
        clinic_wide=clinic_wide,
    )
    session.add(user)
    session.flush()
    write_audit(session, actor, "create_user", detail=f"user {user.id}{note}")
    # An admin must not reach clinical data unseen by creating a clinician, or another admin,
    # and logging in as it: the grant is named in full (issue 10, item 3).
    if clinical_access(roles, clinic_wide):
        write_audit(
            session, actor, "grant_clinical_access", detail=access_detail(user, roles) + note
        )
    elif Role.ADMIN in roles:
        write_audit(session, actor, "grant_admin_access", detail=access_detail(user, roles) + note)
    return user


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
    settings: Settings | None = None,
) -> User | ApprovalRequested:
    """Create a login; the person must choose their own password at first login.

    A staff login (any role but patient, or clinic-wide) waits for a second admin when another
    active admin could approve it (db/approvals.py): the request is returned, nothing is created,
    and ``temporary_password`` is not kept; the approving admin gets a new one to hand over.
    """
    settings = settings or load_settings()
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise InvalidInput(
            "Usernames are 3–64 characters: lowercase letters, digits, dot, dash or underscore."
        )
    display_name = clean_text(
        "a display name", display_name, max_length(User, "display_name"), required=True
    )
    email = clean_text("an e-mail address", email, max_length(User, "email"))
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise InvalidInput("That e-mail address does not look right.")
    roles = _roles(roles)
    words = password_words(username, display_name, email)
    if problems := password_problems(temporary_password, user_inputs=words):
        raise InvalidInput("Temporary password: " + " ".join(problems))
    password_hash = hash_password(temporary_password)  # slow on purpose: before the transaction
    staff = reaches_clinical_data(roles, clinic_wide)
    now = utcnow()
    with write_session() as session:
        check_username_free(session, username)
        if staff and deciders(session, actor, None):
            return request_approval(
                session,
                actor,
                kind=ApprovalKind.STAFF_LOGIN,
                target_user_id=None,
                target_username=username,
                summary=f"new login {username} ({display_name}); {roles_text(roles, clinic_wide)}",
                change={
                    "display_name": display_name,
                    "email": email,
                    "roles": roles,
                    "clinic_wide": clinic_wide,
                },
                now=now,
                settings=settings,
            )
        user = add_user(
            session,
            actor,
            username=username,
            display_name=display_name,
            email=email,
            roles=roles,
            clinic_wide=clinic_wide,
            password_hash=password_hash,
        )
        if staff:
            record_applied_alone(
                session,
                actor,
                kind=ApprovalKind.STAFF_LOGIN,
                target=user,
                summary=f"new login {username}; {roles_text(roles, clinic_wide)}",
                now=now,
            )
        return user


def clinical_access(roles: Iterable[str], clinic_wide: bool) -> bool:
    return clinic_wide or any(role in CARE_ROLES for role in roles)


def access_detail(user: User, roles: Iterable[str]) -> str:
    """What an audit reader must see of a grant: whom, which roles, and clinic-wide or not."""
    wide = "yes" if user.clinic_wide else "no"
    return f"user {user.id} ({user.username}); roles: {', '.join(roles)}; clinic-wide: {wide}"


@action("set_user_active")
def set_user_active(*, actor: Actor, user_id: int, active: bool) -> User:
    """Disable or re-enable a login; disabling ends all of its sessions at once."""
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id}")
        if not active and not may_disable_account(actor, user):
            raise InvalidInput("You cannot disable your own account.")
        user.active = active
        session.add(user)
        if not active:
            revoke_user_sessions(session, user.id, "user disabled")
        write_audit(
            session, actor, "enable_user" if active else "disable_user", detail=f"user {user.id}"
        )
        return user


@action("unlock_account")
def unlock_account(*, actor: Actor, user_id: int) -> User:
    """End a login pause at once (an admin who has checked who is asking); the next is short."""
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id}")
        user.locked_until = None
        user.failed_logins = 0
        user.lockouts = 0
        session.add(user)
        write_audit(session, actor, "unlock_account", detail=f"user {user.id}")
        return user


def _valid_timezone(name: str) -> str:
    # Only names from the IANA list: ZoneInfo() on a 300-character name raises OSError.
    if not is_known_timezone(name):
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise InvalidInput(f"Unknown time zone {shown!r}; use a name like America/Chicago.")
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
    given_name = clean_text(
        "a given name", given_name, max_length(Patient, "given_name"), required=True
    )
    family_name = clean_text(
        "a family name", family_name, max_length(Patient, "family_name"), required=True
    )
    record_number = clean_text(
        "a record number", record_number, max_length(Patient, "record_number"), required=True
    )
    if not isinstance(date_of_birth, date) or not date(1900, 1, 1) <= date_of_birth <= now.date():
        raise InvalidInput("Please enter a real date of birth.")
    if preferred_contact not in ("phone", "text", "email"):
        raise InvalidInput("Preferred contact must be phone, text or email.")
    timezone = _valid_timezone(timezone)
    with write_session() as session:
        if session.exec(select(Patient.id).where(Patient.record_number == record_number)).first():
            raise InvalidInput("A patient with that record number already exists.")
        if user_id is not None:
            _check_patient_login(session, user_id)
        patient = Patient(
            user_id=user_id,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            record_number=record_number,
            phone=clean_text("a phone number", phone, max_length(Patient, "phone")),
            email=clean_text("an e-mail address", email, max_length(Patient, "email")),
            preferred_contact=preferred_contact,
            emergency_contact=clean_text(
                "an emergency contact",
                emergency_contact,
                max_length(Patient, "emergency_contact"),
            ),
            timezone=timezone,
        )
        session.add(patient)
        session.flush()
        write_audit(session, actor, "register_patient", patient.id)
        return patient


@action("link_patient_login")
def link_patient_login(*, actor: Actor, patient_id: int, user_id: int) -> Patient:
    """Give a patient registered without a login their patient-only login, made before or now."""
    with write_session() as session:
        patient = session.get(Patient, patient_id)
        if patient is None:
            raise NotFound(f"patient {patient_id}")
        if patient.user_id is not None:
            raise InvalidInput("This patient already has a login.")
        user = _check_patient_login(session, user_id)
        patient.user_id = user.id
        session.add(patient)
        session.flush()
        write_audit(session, actor, "link_patient_login", patient.id, f"user {user.id}")
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
        if session.get(Patient, patient_id) is None:
            raise NotFound(f"patient {patient_id}")
        program = session.exec(select(Program).where(Program.slug == program_slug)).first()
        if program is None:
            raise InvalidInput("Unknown program.")
        if current_enrolment(session, patient_id) is not None:
            raise InvalidInput("This patient is already enrolled.")
        for user_id, role in ((coordinator_id, Role.COORDINATOR), (clinician_id, Role.CLINICIAN)):
            staff = session.get(User, user_id)
            if staff is None or role not in staff.roles or not staff.active:
                raise InvalidInput(f"Please choose an active {role}.")
        enrolment = Enrolment(patient_id=patient_id, program_id=program.id, start_date=start_date)
        session.add(enrolment)
        for user_id, role in ((coordinator_id, Role.COORDINATOR), (clinician_id, Role.CLINICIAN)):
            session.add(
                CareTeamMember(
                    patient_id=patient_id, user_id=user_id, role=role, from_date=now.date()
                )
            )
        session.flush()
        write_audit(session, actor, "enrol_patient", patient_id)
        return enrolment
