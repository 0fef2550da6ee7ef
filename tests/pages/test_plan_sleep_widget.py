"""The clinician's sleep controls (pages/care/plan_sleep.py), drawn on their own: the recent
diary, and bedtime scheduling switched on with every rule-out confirmed, or off, with a note."""

from datetime import time

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db.engine import read_session
from db.models import AuditEvent, PlanEvent
from db.queries import sleep_for_patient
from program.plan_changes import SLEEP_RULE_OUTS
from tests.pages.conftest import texts
from tests.utils import actor_for, make_user


def controls(username: str, patient_id: int) -> None:
    from pages.care.plan_sleep import sleep_controls
    from tests.utils import actor_for

    sleep_controls(actor_for(username), patient_id)


@pytest.fixture
def alex(demo_db, frozen) -> int:
    return actor_for("demo-patient").patient_id


def widget(username: str, patient_id: int) -> AppTest:
    at = AppTest.from_function(controls, args=(username, patient_id), default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def switch_events() -> list[tuple]:
    with read_session() as session:
        return [
            (e.kind, e.details, e.reason)
            for e in session.exec(
                select(PlanEvent).where(PlanEvent.kind.like("sleep_%")).order_by(PlanEvent.id)
            )
        ]


def test_it_shows_the_clinician_the_recent_diary_and_the_window(alex):
    at = widget("demo-clinician", alex)
    shown = texts(at)
    assert "**Last 7 nights:** 6 entries · mean total sleep 6 hours 12 minutes" in shown
    assert "**Bedtime scheduling is on**" in shown and "fixed wake time 06:30" in shown
    assert "Tonight's window: **6 hours 36 minutes** (bedtime 23:54)" in shown
    nights, windows = (frame.value for frame in at.dataframe)
    assert len(nights) == 12 and list(nights["Asleep (min)"])[0] == 365
    assert list(windows["Based on"]) == [
        "last 7 nights' efficiency",
        "baseline week's mean total sleep",
    ]
    with read_session() as session:
        reads = session.exec(
            select(AuditEvent).where(AuditEvent.action == "sleep_for_clinician")
        ).all()
    assert [r.patient_id for r in reads] == [alex]  # the staff read is audited


def test_it_switches_off_with_a_note_the_patient_sees(alex):
    at = widget("demo-clinician", alex)
    form = at.text_area(key=f"sleep-off-note-{alex}")
    form.input("We will look at this again after your sleep study.")
    next(b for b in at.button if b.label == "Switch bedtime scheduling off").click().run()
    assert not at.exception and not at.error
    assert switch_events()[-1] == (
        "sleep_scheduling_off",
        {},
        "We will look at this again after your sleep study.",
    )
    assert sleep_for_patient(actor=actor_for("demo-patient")).plan is None
    assert "**Bedtime scheduling is off.**" in texts(at)


def turn_on(at: AppTest, alex: int, confirm: list[str], wake=time(6, 45)) -> AppTest:
    for key in confirm:
        at.checkbox(key=f"rule-out-{key}-{alex}").check()
    at.time_input(key=f"wake-{alex}").set_value(wake)
    at.text_area(key=f"sleep-on-note-{alex}").input("Let's try a set bedtime for a few weeks.")
    next(b for b in at.button if b.label == "Switch bedtime scheduling on").click()
    return at.run()


def test_it_refuses_to_switch_on_until_every_rule_out_is_confirmed(alex):
    at = widget("demo-clinician", alex)
    at.text_area(key=f"sleep-off-note-{alex}").input("Stop for now.")
    next(b for b in at.button if b.label == "Switch bedtime scheduling off").click().run()
    before = switch_events()
    assert before[-1][0] == "sleep_scheduling_off"
    at = turn_on(at, alex, ["bipolar", "seizures", "sleep_apnea"])
    assert "every check confirmed" in at.error[0].value
    assert switch_events() == before
    at = turn_on(at, alex, list(SLEEP_RULE_OUTS))
    assert not at.error, [e.value for e in at.error]
    kind, details, note = switch_events()[-1]
    assert kind == "sleep_scheduling_on" and details == {
        "rule_outs": sorted(SLEEP_RULE_OUTS),
        "wake_time": "06:45",
    }
    plan = sleep_for_patient(actor=actor_for("demo-patient")).plan
    assert plan.wake_time == "06:45" and plan.note == "Let's try a set bedtime for a few weeks."


def test_it_shows_nothing_of_a_patient_to_a_clinician_off_their_team(alex):
    make_user("other-clin", ["clinician"])
    at = widget("other-clin", alex)
    assert "not available to you" in at.warning[0].value
    assert "Last 7 nights" not in texts(at) and not at.dataframe
