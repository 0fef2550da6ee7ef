"""Who may do what to whom. Default deny; used by every query and action.

A refusal about a patient's record is reported as ``NotFound`` so that asking for someone else's
record reveals nothing about whether it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, select

from db.models import CareTeamMember, Patient, User
from program.rules import needs_risk_assessment


class AccessDenied(Exception):
    """The actor may not perform this action."""


class NotFound(AccessDenied):
    """The record does not exist, or the actor may not know that it exists."""


@dataclass(frozen=True)
class Actor:
    """The logged-in user as every query and action sees them."""

    user_id: int
    username: str
    display_name: str
    roles: frozenset[str]
    patient_id: int | None = None
    clinic_wide: bool = False

    def has(self, role: str) -> bool:
        return role in self.roles


# What each action needs. "self" = a patient acting on their own record; "coordinator" /
# "clinician" = that role on the patient's care team (or clinic-wide); "admin" = the admin role.
#
# Keyed only by registered action (db.actions.ACTIONS) and query (db.queries.QUERIES) names; the
# registry (db.guard) checks these roles before the function runs, and function bodies do not check
# roles again. A name missing here is refused for everyone, and tests/db/test_access_matrix.py fails
# until it has a row there too. Admins manage users and enrolment; they see clinical data only with
# a clinical role. Rules about one record (which flag, which login) are the named functions below.
POLICY: dict[str, frozenset[str]] = {
    "record_check_in": frozenset({"self"}),
    # Ticked warning signs sent on their own, before or without the rest of the check-in.
    "report_warning_signs": frozenset({"self"}),
    "acknowledge_flag": frozenset({"coordinator", "clinician"}),
    "resolve_flag": frozenset({"coordinator", "clinician"}),
    "change_plan": frozenset({"clinician"}),
    "today_for_patient": frozenset({"self"}),
    "lessons_for_patient": frozenset({"self"}),
    "lesson_for_patient": frozenset({"self"}),
    "progress_for_patient": frozenset({"self"}),
    "complete_module": frozenset({"self"}),
    # Onboarding and questionnaires: the patient's own record only. A PHQ-9 item 9 flag closes only
    # through a care-team clinician's risk assessment (may_close_risk_flag; coordinators may
    # acknowledge it).
    "onboarding_state": frozenset({"self"}),
    "due_questionnaires": frozenset({"self"}),
    "give_consent": frozenset({"self"}),
    "save_goals": frozenset({"self"}),
    # After onboarding: add, reword, mark achieved, archive one of the patient's own goals.
    "edit_goal": frozenset({"self"}),
    "save_questionnaire_draft": frozenset({"self"}),
    "submit_questionnaire": frozenset({"self"}),
    "record_risk_assessment": frozenset({"clinician"}),
    "panel_for_staff": frozenset({"coordinator", "clinician"}),
    "flags_for_staff": frozenset({"coordinator", "clinician"}),
    "patients_for_staff": frozenset({"coordinator", "clinician"}),
    "plan_for_clinician": frozenset({"clinician"}),
    "record_view": frozenset({"coordinator", "clinician"}),
    "admin_overview": frozenset({"admin"}),
    "create_user": frozenset({"admin"}),
    "set_user_active": frozenset({"admin"}),
    "register_patient": frozenset({"admin"}),
    # Give a patient registered without a login their patient-only login (db/actions/users.py).
    "link_patient_login": frozenset({"admin"}),
    "enrol_patient": frozenset({"admin"}),
    "change_password": frozenset({"self", "coordinator", "clinician", "admin"}),
    # Coordinators only for logins of their own patients (may_issue_temporary_password).
    "issue_temporary_password": frozenset({"admin", "coordinator"}),
    "patient_logins_for_staff": frozenset({"coordinator"}),
    "user_accounts": frozenset({"admin"}),
    "live_sessions": frozenset({"admin"}),
    "end_login_session": frozenset({"admin"}),
    "end_user_sessions": frozenset({"admin"}),
    "audit_events": frozenset({"admin"}),
    "verify_audit_chain": frozenset({"admin"}),
    # The clinic's contact card: admins edit it (db/actions/clinic.py). Everyone reads it through the
    # unregistered db.queries.clinic.public_clinic_card, which holds no patient data.
    "update_clinic": frozenset({"admin"}),
    "clinic_settings": frozenset({"admin"}),
    # A patient's own coordinator and clinician, by name (db/queries/care_team.py).
    "care_team_for_patient": frozenset({"self"}),
}


def allowed_roles(action: str) -> frozenset[str]:
    """The roles ``action`` needs; unknown actions need something nobody has."""
    return POLICY.get(action, frozenset())


def require_role(actor: Actor, action: str) -> None:
    """Refuse an action that is not about one patient when the actor lacks its role."""
    need = allowed_roles(action)
    if not (need & actor.roles) and not ("self" in need and actor.has("patient")):
        raise AccessDenied(action)


def on_care_team(session: Session, actor: Actor, patient_id: int, role: str, today: date) -> bool:
    """Whether the actor holds ``role`` on this patient's care team today (or clinic-wide)."""
    if role not in actor.roles:
        return False
    if actor.clinic_wide:
        return session.get(Patient, patient_id) is not None
    row = session.exec(
        select(CareTeamMember.id).where(
            CareTeamMember.patient_id == patient_id,
            CareTeamMember.user_id == actor.user_id,
            CareTeamMember.role == role,
            CareTeamMember.from_date <= today,
            or_(CareTeamMember.to_date.is_(None), CareTeamMember.to_date >= today),
        )
    ).first()
    return row is not None


def require_patient(
    session: Session, actor: Actor, action: str, patient_id: int, today: date
) -> None:
    """Raise NotFound unless the actor may perform ``action`` on this patient's record."""
    need = allowed_roles(action)
    if "self" in need and actor.has("patient") and actor.patient_id == patient_id:
        return
    for role in ("coordinator", "clinician"):
        if role in need and on_care_team(session, actor, patient_id, role, today):
            return
    if "admin" in need and actor.has("admin") and session.get(Patient, patient_id) is not None:
        return
    raise NotFound(f"patient {patient_id}")


def visible_patient_ids_clause(actor: Actor, role_options: tuple[str, ...], today: date):
    """A SQL condition on Patient.id limiting a set-based query to the actor's patients."""
    roles = [r for r in role_options if r in actor.roles]
    if not roles:
        return Patient.id.is_(None)  # nothing
    if actor.clinic_wide:
        return Patient.id.is_not(None)
    team = select(CareTeamMember.patient_id).where(
        CareTeamMember.user_id == actor.user_id,
        CareTeamMember.role.in_(roles),
        CareTeamMember.from_date <= today,
        or_(CareTeamMember.to_date.is_(None), CareTeamMember.to_date >= today),
    )
    return Patient.id.in_(team)


def actor_from_user(session: Session, user: User) -> Actor:
    """Build the Actor for a loaded, active user."""
    patient_id = session.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=frozenset(user.roles),
        patient_id=patient_id,
        clinic_wide=user.clinic_wide,
    )


# --- record-level rules -----------------------------------------------------------------------


def own_patient_id(actor: Actor, action: str) -> int:
    """The acting patient's own record id; a login without a patient record is refused.

    ``require_patient`` then checks the "self" entry of POLICY against this record.
    """
    if actor.patient_id is None:
        raise AccessDenied(action)
    return actor.patient_id


def may_close_risk_flag(
    session: Session, actor: Actor, patient_id: int, rule: str, today: date
) -> bool:
    """Whether the actor may close a flag of ``rule``: a flag that needs a risk assessment (PHQ-9
    item 9) only by a clinician on the patient's care team; any other flag by anyone who may see it.
    """
    if not needs_risk_assessment(rule):
        return True
    return on_care_team(session, actor, patient_id, "clinician", today)


def is_patient_only_login(user: User) -> bool:
    """A login with the patient role and no other: the only kind a coordinator may reset.

    A login that is also staff is the admin's to reset, and stays off the coordinator's list.
    """
    return set(user.roles) == {"patient"}


def may_issue_temporary_password(session: Session, actor: Actor, user: User, today: date) -> bool:
    """Admins may reset any login; a coordinator only the patient-only login of a patient on their
    care team today."""
    if actor.has("admin"):
        return True
    if not is_patient_only_login(user):
        return False
    patient_id = session.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
    return patient_id is not None and on_care_team(session, actor, patient_id, "coordinator", today)


def may_disable_account(actor: Actor, user: User) -> bool:
    """Nobody may disable their own login (an admin could lock every admin out)."""
    return user.id != actor.user_id
