"""Care-team actions from both sides: the team member may, the outsider may not."""

from datetime import date

import pytest
from sqlmodel import select

from db.access import AccessDenied, NotFound
from db.actions import InvalidInput, acknowledge_flag, change_plan, record_check_in, resolve_flag
from db.engine import read_session
from db.models import Flag, Module, PlanEvent
from db.queries import flags_for_staff, panel_for_staff, plan_for_clinician, today_for_patient
from tests.utils import actor_for, make_patient, make_user

ANSWERS = dict(pain=5, sleep_quality=3, mood=3, stress=3, flare=False, medicines_changed=False)


@pytest.fixture
def team(db, frozen):
    coord = make_user("coord", ["coordinator"])
    clin = make_user("clin", ["clinician"])
    make_user("outsider-coord", ["coordinator"])
    make_user("outsider-clin", ["clinician"])
    make_user("admin", ["admin"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=coord, clinician=clin)
    make_patient("Ben", username="ben", start=date(2026, 3, 2))
    record_check_in(actor=actor_for("ana"), anything_new=True, warning_signs=["calf"], **ANSWERS)
    with read_session() as session:
        flag = session.exec(select(Flag)).one()
    return flag


def test_it_lists_only_the_coordinators_own_patients_on_the_panel(team):
    panel = panel_for_staff(actor=actor_for("coord"))
    assert panel["name"].tolist() == ["Ana Test"]
    assert panel.loc[0, "urgent"] == 1 and panel.loc[0, "open_flags"] == 1
    assert panel_for_staff(actor=actor_for("outsider-coord")).empty


def test_it_refuses_the_panel_to_patients_and_admins(team):
    for who in ("ana", "admin"):
        with pytest.raises(AccessDenied):
            panel_for_staff(actor=actor_for(who))


def test_it_lets_the_coordinator_acknowledge_then_resolve_with_a_note(team):
    coord = actor_for("coord")
    acknowledge_flag(actor=coord, flag_id=team.id, note="Called, no answer")
    with pytest.raises(InvalidInput):
        resolve_flag(actor=coord, flag_id=team.id, note="  ")
    resolved = resolve_flag(actor=coord, flag_id=team.id, note="Seen in clinic")
    assert resolved.status == "resolved" and resolved.resolved_by == coord.user_id
    assert flags_for_staff(actor=coord) == []
    assert [f.status for f in flags_for_staff(actor=coord, include_resolved=True)] == ["resolved"]


@pytest.mark.parametrize("who", ["outsider-coord", "outsider-clin", "ana", "ben", "admin"])
def test_it_answers_not_found_to_anyone_off_the_care_team(team, who):
    with pytest.raises(NotFound):
        acknowledge_flag(actor=actor_for(who), flag_id=team.id)
    with pytest.raises(NotFound):
        resolve_flag(actor=actor_for(who), flag_id=team.id, note="x")
    with read_session() as session:
        assert session.get(Flag, team.id).status == "open"


def test_it_lets_the_clinician_hold_a_module_and_the_patient_sees_the_reason(team):
    clin, ana = actor_for("clin"), actor_for("ana")
    before = today_for_patient(actor=ana)
    module = before.plan.this_week()[0].module
    change_plan(
        actor=clin,
        patient_id=ana.patient_id,
        kind="hold",
        module_id=module.id,
        reason="we want to talk about this first",
    )
    after = today_for_patient(actor=ana)
    assert module.id not in [m.module.id for m in after.plan.this_week()]
    assert [(m.module.id, m.reason) for m in after.plan.held()] == [
        (module.id, "we want to talk about this first")
    ]
    assert plan_for_clinician(actor=clin, patient_id=ana.patient_id).history[0].kind == "hold"


def test_it_requires_a_reason_for_a_plan_change(team):
    ana = actor_for("ana")
    with pytest.raises(InvalidInput):
        change_plan(actor=actor_for("clin"), patient_id=ana.patient_id, kind="pause", reason="")


@pytest.mark.parametrize("who", ["coord", "outsider-clin", "ana", "admin"])
def test_it_refuses_plan_changes_to_anyone_but_the_patients_clinician(team, who):
    ana = actor_for("ana")
    with read_session() as session:
        module_id = session.exec(select(Module.id)).first()
    with pytest.raises(AccessDenied):
        change_plan(
            actor=actor_for(who),
            patient_id=ana.patient_id,
            kind="hold",
            module_id=module_id,
            reason="x",
        )
    with pytest.raises(AccessDenied):
        plan_for_clinician(actor=actor_for(who), patient_id=ana.patient_id)
    with read_session() as session:
        assert session.exec(select(PlanEvent)).all() == []


def test_it_shows_a_paused_program_as_paused(team):
    ana = actor_for("ana")
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="pause",
        reason="Recovering from surgery",
    )
    plan = today_for_patient(actor=ana).plan
    assert plan.paused and plan.pause_reason == "Recovering from surgery"
    assert panel_for_staff(actor=actor_for("coord")).loc[0, "status"] == "paused"
