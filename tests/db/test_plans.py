"""Plan changes: only the patient's clinician, always with a reason the patient sees."""

import pytest
from sqlmodel import select

from db.access import AccessDenied
from db.actions import InvalidInput, change_plan
from db.engine import read_session, write_session
from db.models import Module, PlanEvent, Program
from db.queries import panel_for_staff, plan_for_clinician, today_for_patient
from tests.utils import actor_for


def test_it_lets_the_clinician_hold_a_module_and_the_patient_sees_the_reason(care_team):
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


def test_it_requires_a_reason_for_a_plan_change(care_team):
    ana = actor_for("ana")
    with pytest.raises(InvalidInput):
        change_plan(actor=actor_for("clin"), patient_id=ana.patient_id, kind="pause", reason="")


@pytest.mark.parametrize("who", ["coord", "outsider-clin", "ana", "admin"])
def test_it_refuses_plan_changes_to_anyone_but_the_patients_clinician(care_team, who):
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


def test_it_shows_a_paused_program_as_paused(care_team):
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


def other_programs_module() -> int:
    with write_session() as session:
        program = Program(slug="sleep-4", title="Sleep, four weeks", weeks=4)
        session.add(program)
        session.flush()
        module = Module(program_id=program.id, slug="wind-down", week=1, track="sleep")
        session.add(module)
        session.flush()
        return module.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "delete"}, "Unknown plan change"),
        ({"kind": "hold", "module_id": "other program"}, "not part of this patient's program"),
        ({"kind": "hold", "module_id": 999_999}, "not part of this patient's program"),
        ({"kind": "hold"}, "choose a module"),
    ],
)
def test_it_refuses_a_plan_change_it_cannot_apply_and_saves_nothing(care_team, changes, message):
    if changes.get("module_id") == "other program":
        changes = {**changes, "module_id": other_programs_module()}
    with pytest.raises(InvalidInput, match=message):
        change_plan(
            actor=actor_for("clin"),
            patient_id=actor_for("ana").patient_id,
            reason="Let us talk first.",
            **changes,
        )
    with read_session() as session:
        assert session.exec(select(PlanEvent)).all() == []
