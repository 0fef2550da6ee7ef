"""Who may do what to whom. Default deny; used by every query and action.

A refusal about a patient's record is reported as ``NotFound`` so that asking for someone else's
record reveals nothing about whether it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from db.models import CareTeamMember, Patient, User
from program.rules import needs_risk_assessment
from program.vocabulary import CARE_ROLES, Role


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
    # Logged in with a temporary password someone else issued: every audit row says so.
    temporary_session: bool = False

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
# A patient acting on their own record: not a role, a relation to the record.
SELF = "self"

POLICY: dict[str, frozenset[str]] = {
    "record_check_in": frozenset({SELF}),
    # Ticked warning signs sent on their own, before or without the rest of the check-in.
    "report_warning_signs": frozenset({SELF}),
    "acknowledge_flag": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "resolve_flag": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "change_plan": frozenset({Role.CLINICIAN}),
    "today_for_patient": frozenset({SELF}),
    "lessons_for_patient": frozenset({SELF}),
    "lesson_for_patient": frozenset({SELF}),
    "progress_for_patient": frozenset({SELF}),
    "complete_module": frozenset({SELF}),
    # Onboarding and questionnaires: the patient's own record only. A PHQ-9 item 9 flag closes only
    # through a care-team clinician's risk assessment (may_close_risk_flag; coordinators may
    # acknowledge it).
    "onboarding_state": frozenset({SELF}),
    "due_questionnaires": frozenset({SELF}),
    "give_consent": frozenset({SELF}),
    "save_goals": frozenset({SELF}),
    # After onboarding: add, reword, mark achieved, archive one of the patient's own goals.
    "edit_goal": frozenset({SELF}),
    "save_questionnaire_draft": frozenset({SELF}),
    "save_check_in_draft": frozenset({SELF}),
    "submit_questionnaire": frozenset({SELF}),
    "record_risk_assessment": frozenset({Role.CLINICIAN}),
    "panel_for_staff": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    # The same panel at most a minute old, for the panel page (db/queries/panel_cache.py).
    "recent_panel_for_staff": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    # The filtered panel as a CSV file (audited on every export), and one patient's whole record
    # (db/queries/panel_export.py, patient_detail.py): the care team (require_patient).
    "panel_csv_for_staff": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "patient_detail": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "flags_for_staff": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "patients_for_staff": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "plan_for_clinician": frozenset({Role.CLINICIAN}),
    # The plan page's search: the clinician's own patients only (visible_patient_ids_clause).
    "find_my_patients": frozenset({Role.CLINICIAN}),
    "record_view": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "admin_overview": frozenset({Role.ADMIN}),
    "create_user": frozenset({Role.ADMIN}),
    "set_user_active": frozenset({Role.ADMIN}),
    "unlock_account": frozenset({Role.ADMIN}),
    # A second admin for changes that reach clinical data (db/approvals.py): who may decide which
    # request (never one's own) is checked by the actions themselves.
    "admin_approvals": frozenset({Role.ADMIN}),
    "unapproved_changes": frozenset({Role.ADMIN}),
    "approve_admin_request": frozenset({Role.ADMIN}),
    "refuse_admin_request": frozenset({Role.ADMIN}),
    "withdraw_admin_request": frozenset({Role.ADMIN}),
    "review_unapproved_changes": frozenset({Role.ADMIN}),
    # Logins paused for one client address behind a trusted proxy (db/login_throttle.py).
    "paused_login_clients": frozenset({Role.ADMIN}),
    "unlock_login_client": frozenset({Role.ADMIN}),
    "register_patient": frozenset({Role.ADMIN}),
    # Give a patient registered without a login their patient-only login (db/actions/users.py).
    "link_patient_login": frozenset({Role.ADMIN}),
    "enrol_patient": frozenset({Role.ADMIN}),
    "change_password": frozenset({SELF, Role.COORDINATOR, Role.CLINICIAN, Role.ADMIN}),
    # Coordinators only for logins of their own patients (may_issue_temporary_password).
    "issue_temporary_password": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "patient_logins_for_staff": frozenset({Role.COORDINATOR}),
    "user_accounts": frozenset({Role.ADMIN}),
    "live_sessions": frozenset({Role.ADMIN}),
    "end_login_session": frozenset({Role.ADMIN}),
    "end_user_sessions": frozenset({Role.ADMIN}),
    "audit_events": frozenset({Role.ADMIN}),
    "verify_audit_chain": frozenset({Role.ADMIN}),
    # The clinic's contact card: admins edit it (db/actions/clinic.py). Everyone reads it through the
    # unregistered db.queries.clinic.public_clinic_card, which holds no patient data.
    "update_clinic": frozenset({Role.ADMIN}),
    "clinic_settings": frozenset({Role.ADMIN}),
    # The program editor (db/actions/modules.py, db/queries/modules.py): program content for
    # every patient of the clinic, so any clinician (not only a patient's own) and nobody else.
    "program_modules_for_editor": frozenset({Role.CLINICIAN}),
    "module_for_editor": frozenset({Role.CLINICIAN}),
    "save_module_draft": frozenset({Role.CLINICIAN}),
    "publish_module_version": frozenset({Role.CLINICIAN}),
    "discard_module_draft": frozenset({Role.CLINICIAN}),
    # Records that leave the app (db/queries/visit_summary.py, db/queries/fhir_export.py): the
    # care team's visit summary, the patient's own "share with my doctor" summary.
    "visit_summary_for_staff": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "my_visit_summary": frozenset({SELF}),
    # The patient's one-page plan after week 12 (db/queries/plan_from_here.py).
    "my_plan_from_here": frozenset({SELF}),
    # The whole record as a FHIR Bundle, for another system: the patient's clinician.
    "fhir_export_for_staff": frozenset({Role.CLINICIAN}),
    # A patient's own coordinator and clinician, by name (db/queries/care_team.py).
    "care_team_for_patient": frozenset({SELF}),
    # Graded movement (db/actions/movement.py, db/queries/movement.py): the patient's own exercises,
    # baseline days, logs and flare plan; their care team sees the levels. A clinician sets a level
    # or step through change_plan.
    "choose_exercises": frozenset({SELF}),
    "record_baseline_day": frozenset({SELF}),
    "log_movement": frozenset({SELF}),
    "save_flare_plan": frozenset({SELF}),
    "movement_for_patient": frozenset({SELF}),
    "flare_plan_for_patient": frozenset({SELF}),
    "movement_for_clinician": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    # The patient pauses their own program, changes its end, or starts again early; only a pause
    # they made themselves (may_change_pause): a care team's pause is the care team's to end.
    "pause_for_patient": frozenset({SELF}),
    "pause_my_program": frozenset({SELF}),
    "resume_my_program": frozenset({SELF}),
    # The patient's daily calendar reminder (the time they chose and its stable id).
    "reminder_for_patient": frozenset({SELF}),
    "set_my_reminder": frozenset({SELF}),
    # The sleep diary and breathing practice: the patient's own record. Their clinician sees the
    # diary and bedtime plan before switching bedtime scheduling on or off (through change_plan).
    "save_sleep_diary": frozenset({SELF}),
    "sleep_for_patient": frozenset({SELF}),
    "record_practice": frozenset({SELF}),
    "practice_for_patient": frozenset({SELF}),
    "sleep_for_clinician": frozenset({Role.CLINICIAN}),
    # Follow-ups (db/actions/follow_ups.py): the patient asks, says "Not now" to a soon or routine
    # prompt, or cancels their own; the care team reaches out, books and completes the visit (a
    # plan change in it only by a clinician on the team, as change_plan) or cancels with a reason.
    "follow_up_prompts": frozenset({SELF}),
    "follow_ups_for_patient": frozenset({SELF}),
    "request_follow_up": frozenset({SELF}),
    "answer_not_now": frozenset({SELF}),
    "cancel_follow_up": frozenset({SELF, Role.COORDINATOR, Role.CLINICIAN}),
    "follow_up_queue": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "record_outreach": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "book_visit": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "complete_visit": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    # Alerts that reach someone: emergency and urgent flags past their deadline, for the care team
    # (db/queries/overdue.py); the outbox's state and "Retry now" for admins, who see only staff
    # addresses and delivery states, never a patient's details (db/queries/outbox.py).
    "overdue_flags_for_staff": frozenset({Role.COORDINATOR, Role.CLINICIAN}),
    "outbox_status": frozenset({Role.ADMIN}),
    "retry_outbox": frozenset({Role.ADMIN}),
    # Rule settings (db/actions/rule_settings.py, db/queries/rule_settings.py): clinicians tune
    # the follow-up rules' numbers for a program (any clinician) or for one patient (a clinician
    # on that patient's care team, require_patient); a preview names only patients they may see.
    "rule_settings_for_program": frozenset({Role.CLINICIAN}),
    "rule_settings_for_patient": frozenset({Role.CLINICIAN}),
    "preview_rule_settings": frozenset({Role.CLINICIAN}),
    "change_rule_settings": frozenset({Role.CLINICIAN}),
}


def allowed_roles(action: str) -> frozenset[str]:
    """The roles ``action`` needs; unknown actions need something nobody has."""
    return POLICY.get(action, frozenset())


def require_role(actor: Actor, action: str) -> None:
    """Refuse an action that is not about one patient when the actor lacks its role."""
    need = allowed_roles(action)
    if not (need & actor.roles) and not (SELF in need and actor.has(Role.PATIENT)):
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
    if SELF in need and actor.has(Role.PATIENT) and actor.patient_id == patient_id:
        return
    for role in CARE_ROLES:
        if role in need and on_care_team(session, actor, patient_id, role, today):
            return
    if (
        Role.ADMIN in need
        and actor.has(Role.ADMIN)
        and session.get(Patient, patient_id) is not None
    ):
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


def actor_from_user(session: Session, user: User, *, temporary_session: bool = False) -> Actor:
    """Build the Actor for a loaded, active user (in a session begun with a temporary password:
    ``temporary_session``)."""
    patient_id = session.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=frozenset(user.roles),
        patient_id=patient_id,
        clinic_wide=user.clinic_wide,
        temporary_session=temporary_session,
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
    session: Session,
    actor: Actor,
    patient_id: int,
    rule: str,
    today: date,
    inputs: dict[str, Any] | None = None,
) -> bool:
    """Whether the actor may close a flag of ``rule`` (with these ``inputs``): a self-harm answer
    from any source (PHQ-9 item 9, or the check-in's self-harm warning sign) only by a clinician on
    the patient's care team; any other flag by anyone who may see it.
    """
    if not needs_risk_assessment(rule, inputs):
        return True
    return on_care_team(session, actor, patient_id, Role.CLINICIAN, today)


def is_patient_only_login(user: User) -> bool:
    """A login with the patient role and no other: the only kind a coordinator may reset.

    A login that is also staff is the admin's to reset, and stays off the coordinator's list.
    """
    return set(user.roles) == {Role.PATIENT}


def may_issue_temporary_password(session: Session, actor: Actor, user: User, today: date) -> bool:
    """Admins may reset any login; a coordinator only the patient-only login of a patient on their
    care team today."""
    if actor.has(Role.ADMIN):
        return True
    if not is_patient_only_login(user):
        return False
    patient_id = session.exec(select(Patient.id).where(Patient.user_id == user.id)).first()
    return patient_id is not None and on_care_team(
        session, actor, patient_id, Role.COORDINATOR, today
    )


def may_change_pause(actor: Actor, paused_by_user_id: int) -> bool:
    """A patient may change or end only a pause they made themselves; a pause their care team made
    (or changed) stays until the care team ends it."""
    return paused_by_user_id == actor.user_id


def may_disable_account(actor: Actor, user: User) -> bool:
    """Nobody may disable their own login (an admin could lock every admin out)."""
    return user.id != actor.user_id


def may_decide_request(actor: Actor, requested_by_id: int, target_user_id: int | None) -> bool:
    """A second admin's decision (approve, refuse): never on one's own request, nor on one about
    one's own login (db/approvals.py)."""
    return actor.user_id not in (requested_by_id, target_user_id)


def may_withdraw_request(actor: Actor, requested_by_id: int) -> bool:
    """Only the admin who asked may withdraw a request."""
    return actor.user_id == requested_by_id
