"""Passwords: a user's own change, and temporary passwords (HIPAA person authentication; OWASP ASVS V6)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from core.clock import utcnow
from core.passwords import hash_password, password_problems, temporary_password, verify_password
from core.settings import Settings, load_settings
from db.access import (
    AccessDenied,
    Actor,
    NotFound,
    is_patient_only_login,
    may_issue_temporary_password,
    on_care_team,
)
from db.actions import InvalidInput, action
from db.actions.common import staff_today, write_audit, write_audit_outcome
from db.actions.users import access_detail
from db.approvals import (
    ApprovalRequested,
    deciders,
    record_applied_alone,
    request_approval,
    roles_text,
)
from db.auth import is_locked, note_wrong_password, password_words, session_kind
from db.engine import read_session, write_session
from db.models import Patient, User
from db.password_change import replace_password
from program.vocabulary import ApprovalKind, Role

SAME_PASSWORD = "Please choose a new password, not the one you have now."


def _new_password_hash(new_password: str, actor: Actor, settings: Settings) -> str:
    """Apply the password policy (before any transaction: hashing is slow on purpose)."""
    words = password_words(actor.username, actor.display_name)
    if problems := password_problems(new_password, user_inputs=words, demo=settings.demo):
        raise InvalidInput(" ".join(problems))
    return hash_password(new_password)


@action("change_password")
def change_password(
    *,
    actor: Actor,
    current_password: str | None,
    new_password: str,
    keep_session_id: int | None,
    settings: Settings | None = None,
) -> User:
    """Set a password the user chose; every other session of theirs ends (a copied cookie too).

    ``current_password`` may be None only while the user must replace a temporary password: they
    typed it to log in a moment ago, and the app does not keep it.
    """
    settings = settings or load_settings()
    if current_password is not None and new_password == current_password:
        raise InvalidInput(SAME_PASSWORD)
    new_hash = _new_password_hash(new_password, actor, settings)
    with read_session() as session:
        user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise AccessDenied("change_password")
    if current_password is None and not user.must_change_password:
        raise InvalidInput("Please enter your current password.")
    if current_password is None and verify_password(new_password, user.password_hash):
        raise InvalidInput(SAME_PASSWORD)
    right = current_password is None or verify_password(current_password, user.password_hash)
    now = utcnow()
    with write_session() as session:
        user = session.get(User, actor.user_id)
        if is_locked(user, now):
            refusal = "Too many tries. Please wait a while, then try again."
            write_audit_outcome(session, actor, "change_password", "refused", "account locked")
        elif not right:
            refusal = "Your current password is not right. Please try again."
            detail = note_wrong_password(session, user, settings, now)
            write_audit_outcome(session, actor, "change_password", "failed", detail)
        else:
            ended = replace_password(
                session,
                user,
                new_hash,
                now,
                temporary=False,
                reason="password changed",
                keep=keep_session_id,
            )
            write_audit(session, actor, "change_password", detail=f"{ended} other sessions ended")
            return user
    raise InvalidInput(refusal)


@action("issue_temporary_password")
def issue_temporary_password(
    *,
    actor: Actor,
    user_id: int,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> str | ApprovalRequested:
    """Give a login a random temporary password, returned once to show to the staff member.

    Admins may do this for anyone; a coordinator only for the patient login of a patient on their
    care team. The person must choose their own password at the next login, and every session
    they had ends. Only the hash is stored; the password is never logged.

    An admin's (not as that patient's coordinator) waits for a second admin when another active
    admin could approve it (db/approvals.py): the request is returned and nothing changes; the
    approving admin gets the password.
    """
    now = now or utcnow()
    settings = settings or load_settings()
    temporary = temporary_password()
    password_hash = hash_password(temporary)
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id}")
        if not may_issue_temporary_password(session, actor, user, staff_today(now)):
            raise NotFound(f"user {user_id}")
        if user.id == actor.user_id:
            raise InvalidInput("To change your own password, use the form on your account page.")
        summary = (
            f"temporary password for {user.username}; {roles_text(user.roles, user.clinic_wide)}"
        )
        as_admin = not _as_patients_coordinator(session, actor, user, now)
        if as_admin and deciders(session, actor, user.id):
            return request_approval(
                session,
                actor,
                kind=ApprovalKind.TEMPORARY_PASSWORD,
                target_user_id=user.id,
                target_username=user.username,
                summary=summary,
                now=now,
                settings=settings,
            )
        apply_temporary_password(session, actor, user, password_hash, now)
        if as_admin:
            record_applied_alone(
                session,
                actor,
                kind=ApprovalKind.TEMPORARY_PASSWORD,
                target=user,
                summary=summary,
                now=now,
            )
    return temporary


def _as_patients_coordinator(session: Session, actor: Actor, user: User, now: datetime) -> bool:
    """The normal path, needing no second admin: a coordinator resetting their own patient."""
    if not is_patient_only_login(user):
        return False
    patient_id = session.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
    return patient_id is not None and on_care_team(
        session, actor, patient_id, Role.COORDINATOR, staff_today(now)
    )


def apply_temporary_password(
    session: Session, actor: Actor, user: User, password_hash: str, now: datetime, note: str = ""
) -> None:
    """Set the temporary password (every session of the login ends) with its audit rows;
    ``note`` names the admins of an approved request."""
    patient_id = session.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
    ended = replace_password(
        session, user, password_hash, now, temporary=True, reason="temporary password"
    )
    write_audit(
        session,
        actor,
        "issue_temporary_password",
        patient_id,
        f"user {user.id}; {ended} sessions ended{note}",
    )
    if session_kind(user.roles) == "staff":
        # Whoever holds this password can log in as a member of staff until it is changed.
        write_audit(
            session,
            actor,
            "temporary_password_for_staff",
            detail=access_detail(user, user.roles) + note,
        )
