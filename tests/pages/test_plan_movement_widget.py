"""The clinician's movement controls (pages/care/plan_movement.py), run on their own with AppTest
until the lead wires them into the patient plan page: levels per exercise for the demo patient,
a level set for one exercise with a reason the patient then reads on Move, and a step change."""

from streamlit.testing.v1 import AppTest

from db.models import AuditEvent, PlanEvent
from db.queries import movement_for_patient
from tests.pages.conftest import texts
from tests.utils import actor_for, rows


def controls() -> None:
    import streamlit as st

    from pages.care.plan_movement import movement_controls

    movement_controls(st.session_state["actor"], st.session_state["patient_id"])


def widget(username: str = "demo-clinician") -> AppTest:
    at = AppTest.from_function(controls, default_timeout=30)
    at.session_state["actor"] = actor_for(username)
    at.session_state["patient_id"] = actor_for("demo-patient").patient_id
    return at.run()


def test_it_shows_each_exercise_with_its_level_target_and_what_the_patient_reads(app_as):
    at = widget()
    assert not at.exception
    shown = texts(at)
    assert "**Easy walk**" in shown and "**Sit to stand**" in shown
    assert "Baseline 13.0 minutes (mean of the comfortable days 12, 14, 13)." in shown
    assert "80% of baseline = **10 minutes**" in shown
    assert "last week had a flare" in shown
    assert "Last 7 days: 6 logged; as planned 5, less 0, more 1; felt hard 0." in shown
    assert "Half my walk, and shoulder rolls only, for one or two days." in [
        t.value for t in at.text
    ]
    assert [e.patient_id for e in rows(AuditEvent, action="movement_for_clinician")] == [
        actor_for("demo-patient").patient_id
    ]


def test_it_sets_a_level_for_one_exercise_with_a_reason_the_patient_reads(app_as):
    at = widget()
    at.selectbox[0].set_value("Easy walk")
    at.number_input[0].set_value(2)
    at.text_area[0].input("You are doing well: a bit more walking.")
    next(b for b in at.button if b.label == "Set level").click().run()
    assert not at.exception and not at.error
    assert "Level set: saved." in [s.value for s in at.success]
    (event,) = rows(PlanEvent, kind="movement_level")
    assert event.details == {"level": 2, "exercise": "easy-walk"}
    walk = movement_for_patient(actor=actor_for("demo-patient")).chosen[0].day
    assert walk.why == (
        "Your clinician set this week at 13 minutes. You are doing well: a bit more walking."
    )


def test_it_refuses_a_change_without_a_reason_and_changes_the_step(app_as):
    at = widget()
    next(b for b in at.button if b.label == "Set level").click().run()
    assert [e.value for e in at.error] == ["Please add a reason the patient will see."]
    at.number_input[1].set_value(5)
    at.text_area[1].input("Smaller steps for now.")
    next(b for b in at.button if b.label == "Change step").click().run()
    assert not at.error
    assert [e.details for e in rows(PlanEvent, kind="movement_step")] == [{"step_percent": 5}]
    assert "5% of baseline per level" in texts(at)


def test_it_shows_a_coordinator_the_levels_but_only_a_clinician_can_change_them(app_as):
    at = widget("demo-coordinator")
    assert "80% of baseline = **10 minutes**" in texts(at)
    at.text_area[0].input("Try more.")
    next(b for b in at.button if b.label == "Set level").click().run()
    assert at.exception or at.error
    assert rows(PlanEvent, kind="movement_level") == []
