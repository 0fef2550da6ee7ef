"""Who may do what: every role persona x every registered action and query (OWASP ASVS V8).

Generated from ``db.actions.ACTIONS`` and ``db.queries.QUERIES``: a new action or query fails here
until it has a row in EXPECTED (written out by hand, one cell per persona) and an example call in
CALLS. Each call is made with valid arguments against Ana's record; the observed outcome must
match the table:

- ALLOW: it ran (and, for lists and own-record reads, Ana's data is in the answer);
- HIDDEN: it ran, but Ana's data is not in the answer (someone else's patients, or their own);
- DENY: refused with AccessDenied, or NotFound when the call named Ana's record; audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import func, select

import db.actions as actions
import db.queries as queries
from db.access import POLICY, AccessDenied, Actor, NotFound
from db.engine import read_session, write_session
from db.models import AuditEvent, CareTeamMember
from program.onboarding import CONSENT_VERSION
from tests.utils import PASSWORD, actor_for, make_user
from tests.utils.matrix import (
    ADMIN_ONLY,
    ALLOW,
    CARE_TEAM,
    CARE_TEAM_LIST,
    CLINICIAN_ON_TEAM,
    DENY,
    EVERY_ROLE,
    HIDDEN,
    OWN_RECORD,
    Call,
    capability_tables,
    row,
)
from tests.utils.personas import PERSONAS, USERNAMES, World, build_world

EXPECTED: dict[str, dict[str, str]] = {
    # patients, their own record
    "today_for_patient": OWN_RECORD,
    "record_check_in": OWN_RECORD,
    "report_warning_signs": OWN_RECORD,
    "lessons_for_patient": OWN_RECORD,
    "lesson_for_patient": OWN_RECORD,
    "complete_module": OWN_RECORD,
    "progress_for_patient": OWN_RECORD,
    "onboarding_state": OWN_RECORD,
    "due_questionnaires": OWN_RECORD,
    "give_consent": OWN_RECORD,
    "save_goals": OWN_RECORD,
    "edit_goal": OWN_RECORD,
    "save_questionnaire_draft": OWN_RECORD,
    "save_check_in_draft": OWN_RECORD,
    "submit_questionnaire": OWN_RECORD,
    "care_team_for_patient": OWN_RECORD,
    # care team
    "panel_for_staff": CARE_TEAM_LIST,
    "flags_for_staff": CARE_TEAM_LIST,
    "patients_for_staff": CARE_TEAM_LIST,
    "acknowledge_flag": CARE_TEAM,
    "resolve_flag": CARE_TEAM,
    "record_view": CARE_TEAM,
    "plan_for_clinician": CLINICIAN_ON_TEAM,
    "change_plan": CLINICIAN_ON_TEAM,
    "record_risk_assessment": CLINICIAN_ON_TEAM,  # the only way to close a PHQ-9 item 9 flag
    "patient_logins_for_staff": row(
        coordinator_on_team=ALLOW, coordinator_off_team=HIDDEN, clinic_wide_coordinator=ALLOW
    ),
    "issue_temporary_password": row(
        coordinator_on_team=ALLOW, clinic_wide_coordinator=ALLOW, admin=ALLOW
    ),
    # admins: users and enrolment, sessions and the audit trail; no clinical data
    "admin_overview": ADMIN_ONLY,
    "create_user": ADMIN_ONLY,
    "set_user_active": ADMIN_ONLY,
    "unlock_account": ADMIN_ONLY,
    "register_patient": ADMIN_ONLY,
    "link_patient_login": ADMIN_ONLY,
    "enrol_patient": ADMIN_ONLY,
    "user_accounts": ADMIN_ONLY,
    "live_sessions": ADMIN_ONLY,
    "end_login_session": ADMIN_ONLY,
    "end_user_sessions": ADMIN_ONLY,
    "audit_events": ADMIN_ONLY,
    "verify_audit_chain": ADMIN_ONLY,
    "update_clinic": ADMIN_ONLY,
    "clinic_settings": ADMIN_ONLY,
    # everyone with a role, on their own account
    "change_password": EVERY_ROLE,
}

# Calls that name Ana's record: a refusal must not tell whether it exists.
NAMES_A_RECORD = {
    "plan_for_clinician",
    "change_plan",
    "acknowledge_flag",
    "resolve_flag",
    "record_risk_assessment",
    "record_view",
    "issue_temporary_password",
}


CLINIC = dict(
    name="Matrix Clinic",
    phone="(617) 555-0142",
    after_hours_phone=None,
    after_hours_label="Nurse line",
    timezone="America/New_York",
    hours={"mon": [["08:00", "17:00"]]},
)
CHECK_IN = dict(pain=4, sleep_quality=3, mood=3, stress=3, flare=False, medicines_changed=False)


def _with_own_draft(actor: Actor, answers: dict[str, int]) -> None:
    """A patient's own half-done PEG (others have none: their refusal is audited by the call)."""
    if actor.has("patient"):
        actions.save_questionnaire_draft(actor=actor, instrument="PEG", answers=answers)


def _due_with_ana_draft(actor: Actor, world: World) -> object:
    actions.save_questionnaire_draft(actor=actor_for("ana"), instrument="PEG", answers={"1": 7})
    return queries.due_questionnaires(actor=actor)


def _submit_peg(actor: Actor, world: World) -> object:
    _with_own_draft(actor, {"1": 4, "2": 5, "3": 6})
    return actions.submit_questionnaire(actor=actor, instrument="PEG")


CALLS: dict[str, Call] = {
    "onboarding_state": lambda a, w: queries.onboarding_state(actor=a),
    "due_questionnaires": _due_with_ana_draft,
    "give_consent": lambda a, w: actions.give_consent(actor=a, version=CONSENT_VERSION),
    "save_goals": lambda a, w: actions.save_goals(actor=a, goals=["Walk the dog"]),
    "edit_goal": lambda a, w: actions.edit_goal(
        actor=a, change="add", text=f"Garden again {w.next()}"
    ),
    "save_questionnaire_draft": lambda a, w: actions.save_questionnaire_draft(
        actor=a, instrument="PEG", answers={"1": 3}
    ),
    "submit_questionnaire": _submit_peg,
    "record_risk_assessment": lambda a, w: actions.record_risk_assessment(
        actor=a, flag_id=w.new_flag(), risk_assessment="No current risk; safety plan agreed."
    ),
    "today_for_patient": lambda a, w: queries.today_for_patient(actor=a),
    "record_check_in": lambda a, w: actions.record_check_in(actor=a, **CHECK_IN),
    "save_check_in_draft": lambda a, w: actions.save_check_in_draft(
        actor=a, answers={"pain": 4, "flare": False}
    ),
    "report_warning_signs": lambda a, w: actions.report_warning_signs(
        actor=a, warning_signs=["calf"]
    ),
    "lessons_for_patient": lambda a, w: queries.lessons_for_patient(actor=a),
    "lesson_for_patient": lambda a, w: queries.lesson_for_patient(
        actor=a, slug="pain-is-protection"
    ),
    "complete_module": lambda a, w: actions.complete_module(
        actor=a, module_version_id=w.version_id("pain-is-protection"), check_answers=[1, 0]
    ),
    "progress_for_patient": lambda a, w: queries.progress_for_patient(actor=a),
    "panel_for_staff": lambda a, w: queries.panel_for_staff(actor=a),
    "flags_for_staff": lambda a, w: queries.flags_for_staff(actor=a),
    "patients_for_staff": lambda a, w: queries.patients_for_staff(
        actor=a, role="clinician" if a.has("clinician") else "coordinator"
    ),
    "acknowledge_flag": lambda a, w: actions.acknowledge_flag(actor=a, flag_id=w.new_flag()),
    "resolve_flag": lambda a, w: actions.resolve_flag(
        actor=a, flag_id=w.new_flag(), note="Called; all well."
    ),
    "record_view": lambda a, w: actions.record_view(actor=a, patient_id=w.ana.id, view="plan"),
    "plan_for_clinician": lambda a, w: queries.plan_for_clinician(actor=a, patient_id=w.ana.id),
    "change_plan": lambda a, w: actions.change_plan(
        actor=a, patient_id=w.ana.id, kind="pause", reason="Away for a week."
    ),
    "patient_logins_for_staff": lambda a, w: queries.patient_logins_for_staff(actor=a),
    "issue_temporary_password": lambda a, w: actions.issue_temporary_password(
        actor=a, user_id=w.ana_user_id
    ),
    "admin_overview": lambda a, w: queries.admin_overview(actor=a),
    "create_user": lambda a, w: actions.create_user(
        actor=a,
        username=f"made-{w.next()}",
        display_name="Made Here",
        roles=["clinician"],
        temporary_password="river lantern copper 93",
    ),
    "set_user_active": lambda a, w: actions.set_user_active(
        actor=a, user_id=w.new_user_id(), active=False
    ),
    "unlock_account": lambda a, w: actions.unlock_account(actor=a, user_id=w.new_user_id()),
    "register_patient": lambda a, w: actions.register_patient(
        actor=a,
        given_name="Reg",
        family_name="Istered",
        date_of_birth=date(1990, 1, 1),
        record_number=f"M-{w.next()}",
        timezone="America/Chicago",
    ),
    "link_patient_login": lambda a, w: actions.link_patient_login(
        actor=a, patient_id=w.new_patient_id(), user_id=w.new_patient_login_id()
    ),
    "enrol_patient": lambda a, w: actions.enrol_patient(
        actor=a,
        patient_id=w.new_patient_id(),
        program_slug="recalibrate-12",
        start_date=date(2026, 3, 16),
        coordinator_id=w.coordinator_id,
        clinician_id=w.clinician_id,
    ),
    "user_accounts": lambda a, w: queries.user_accounts(actor=a, settings=w.settings),
    "live_sessions": lambda a, w: queries.live_sessions(actor=a, settings=w.settings),
    "end_login_session": lambda a, w: actions.end_login_session(
        actor=a, session_id=w.new_session_id()
    ),
    "end_user_sessions": lambda a, w: actions.end_user_sessions(actor=a, user_id=w.ana_user_id),
    "audit_events": lambda a, w: queries.audit_events(actor=a),
    "verify_audit_chain": lambda a, w: queries.verify_audit_chain(actor=a),
    "care_team_for_patient": lambda a, w: queries.care_team_for_patient(actor=a),
    "update_clinic": lambda a, w: actions.update_clinic(actor=a, **CLINIC),
    "clinic_settings": lambda a, w: queries.clinic_settings(actor=a),
    "change_password": lambda a, w: actions.change_password(
        actor=a,
        current_password=PASSWORD,
        new_password="maple orbit sunlit 71",
        keep_session_id=None,
        settings=w.settings,
    ),
}

# Whether an answer holds Ana's data (calls not listed here have nothing to hide).
SHOWS_ANA: dict[str, Callable[[object, World], bool]] = {
    "today_for_patient": lambda r, w: r.patient_name == w.ana.given_name,
    "record_check_in": lambda r, w: r.check_in.patient_id == w.ana.id,
    "report_warning_signs": lambda r, w: r.report.patient_id == w.ana.id,
    "lessons_for_patient": lambda r, w: r.patient_name == w.ana.given_name,
    "lesson_for_patient": lambda r, w: r.patient_name == w.ana.given_name,
    "complete_module": lambda r, w: r.completion.patient_id == w.ana.id,
    "progress_for_patient": lambda r, w: r.patient_name == w.ana.given_name,
    "onboarding_state": lambda r, w: r.patient_name == w.ana.given_name,
    "due_questionnaires": lambda r, w: any(q.answers == {"1": 7} for q in r),
    "give_consent": lambda r, w: r.patient_id == w.ana.id,
    "save_goals": lambda r, w: any(g.patient_id == w.ana.id for g in r),
    "edit_goal": lambda r, w: r.patient_id == w.ana.id,
    "save_questionnaire_draft": lambda r, w: r.patient_id == w.ana.id,
    "save_check_in_draft": lambda r, w: r.patient_id == w.ana.id,
    "submit_questionnaire": lambda r, w: r.response.patient_id == w.ana.id,
    "panel_for_staff": lambda r, w: w.ana.id in set(r["patient_id"]) if len(r) else False,
    "flags_for_staff": lambda r, w: any(f.patient_id == w.ana.id for f in r),
    "patients_for_staff": lambda r, w: any(p.id == w.ana.id for p in r),
    "patient_logins_for_staff": lambda r, w: any(p.patient_id == w.ana.id for p in r),
    "care_team_for_patient": lambda r, w: (
        r.patient_id == w.ana.id and r.coordinators == ("Coord-On",)
    ),
}

# Capabilities added later keep their rows in tests/db/matrix/<capability>.py (EXPECTED, CALLS,
# SHOWS_ANA, NAMES_A_RECORD there), so this file does not grow with every new screen.
for extra in capability_tables():
    for table, more in (
        (EXPECTED, extra.EXPECTED),
        (CALLS, extra.CALLS),
        (SHOWS_ANA, getattr(extra, "SHOWS_ANA", {})),
    ):
        clash = set(table) & set(more)
        assert not clash, f"{extra.__name__} repeats rows already in the matrix: {sorted(clash)}"
        table.update(more)
    NAMES_A_RECORD |= set(getattr(extra, "NAMES_A_RECORD", ()))

REGISTERED = {**actions.ACTIONS, **queries.QUERIES}


def test_it_has_an_expected_row_and_an_example_call_for_every_registered_name():
    unknown = sorted(set(REGISTERED) - set(EXPECTED))
    assert not unknown, (
        "Registered actions/queries with no row in EXPECTED (tests/db/test_access_matrix.py); "
        f"decide who may call them and add a row and an example call: {unknown}"
    )
    assert not sorted(set(EXPECTED) - set(REGISTERED)), "rows for names no longer registered"
    assert not sorted(set(REGISTERED) - set(CALLS)), "registered names without an example call"
    assert not sorted(set(CALLS) - set(REGISTERED)), "example calls for unregistered names"


def test_it_has_a_policy_entry_for_every_registered_name():
    missing = sorted(set(REGISTERED) - set(POLICY))
    assert not missing, f"no POLICY entry in db/access.py (so refused for everyone): {missing}"


def test_it_keys_policy_only_by_registered_names():
    # One vocabulary: an entry no registered function is guarded by would change nothing.
    unused = sorted(set(POLICY) - set(REGISTERED))
    assert not unused, f"POLICY names no action or query is registered under: {unused}"


@pytest.fixture
def world(db, frozen) -> World:
    return build_world()


def refusals(name: str) -> int:
    with read_session() as session:
        return session.exec(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == name, AuditEvent.outcome == "refused"
            )
        ).one()


def observe(name: str, persona: str, world: World) -> str:
    actor = actor_for(USERNAMES[persona])
    before = refusals(name)
    try:
        result = CALLS[name](actor, world)
    except AccessDenied as exc:
        assert refusals(name) == before + 1, f"{name} refused {persona} without an audit row"
        if name in NAMES_A_RECORD:
            assert isinstance(exc, NotFound), f"{name} told {persona} that the record exists"
        return DENY
    shows = SHOWS_ANA.get(name)
    return ALLOW if shows is None or shows(result, world) else HIDDEN


# Names without a row or an example call fail the first test above, all listed in one message.
@pytest.mark.parametrize("name", sorted(set(REGISTERED) & set(EXPECTED) & set(CALLS)))
def test_it_allows_and_refuses_exactly_as_the_table_says(world, name):
    observed = {persona: observe(name, persona, world) for persona in PERSONAS}
    assert observed == EXPECTED[name]


def test_it_lets_an_admin_who_is_also_a_clinician_see_only_their_own_patients(world):
    both = make_user("admin-clin", ["admin", "clinician"])
    with write_session() as session:
        session.add(
            CareTeamMember(
                patient_id=world.ana.id,
                user_id=both.id,
                role="clinician",
                from_date=date(2026, 3, 2),
            )
        )
    actor = actor_for("admin-clin")
    assert (
        queries.plan_for_clinician(actor=actor, patient_id=world.ana.id).patient_id == world.ana.id
    )
    assert [p.name for p in queries.patients_for_staff(actor=actor, role="clinician")] == [
        "Ana Test"
    ]
    with pytest.raises(AccessDenied):
        queries.panel_for_staff(actor=actor_for("admin"))


def test_it_keeps_admins_away_from_every_clinical_read_and_write(world):
    clinical = {
        name
        for name, cells in EXPECTED.items()
        if cells["clinician_on_team"] == ALLOW or cells["patient_self"] == ALLOW
    } - {"change_password"}
    assert len(clinical) > 20
    admin = actor_for(USERNAMES["admin"])
    reached = []
    for name in sorted(clinical):
        try:
            CALLS[name](admin, world)
        except AccessDenied:
            continue
        reached.append(name)
    assert reached == [], f"an admin without a clinical role reached: {reached}"
