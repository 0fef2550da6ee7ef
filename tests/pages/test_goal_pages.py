"""Goals after the first week: the week-3 demo patient changes them on Progress and sees them."""

from sqlmodel import select

from db.engine import read_session
from db.models import Goal, Patient
from tests.pages.conftest import texts

PROGRESS = "pages/patient/progress.py"


def goal_ids() -> dict[str, int]:
    """The demo patient's own goals (others in the demo have goals too)."""
    with read_session() as session:
        mine = (
            select(Goal)
            .join(Patient, Patient.id == Goal.patient_id)
            .where(Patient.record_number == "DEMO-0001", Goal.archived.is_(False))
        )
        return {g.text: g.id for g in session.exec(mine)}


def test_it_lets_a_week_3_patient_reword_reach_and_add_goals_on_progress(app_as):
    at = app_as("demo-patient").switch_page(PROGRESS).run()
    assert not at.exception
    walk = goal_ids()["Walk to the park with my daughter"]
    at.text_input(key=f"goal-text-{walk}").input("Walk to the park and back")
    at.button(key=f"goal-save-{walk}").click().run()
    assert "Your goal is saved." in [s.value for s in at.success], [e.value for e in at.error]
    sleep = goal_ids()["Sleep through the night"]
    at.button(key=f"goal-done-{sleep}").click().run()
    next(t for t in at.text_input if t.label == "A new goal").input("Cook a meal for friends")
    next(b for b in at.button if b.label == "Add goal").click().run()
    assert not at.exception and not at.error
    shown = texts(at)
    assert "Walk to the park and back" in shown
    assert ":material/check_circle: Sleep through the night" in shown
    assert "Cook a meal for friends" in shown
    assert "Walk to the park with my daughter" not in shown


def test_it_puts_a_goal_away_and_says_so_plainly_on_a_bad_goal(app_as):
    at = app_as("demo-patient").switch_page(PROGRESS).run()
    sleep = goal_ids()["Sleep through the night"]
    at.button(key=f"goal-away-{sleep}").click().run()
    assert "Sleep through the night" not in texts(at)
    next(t for t in at.text_input if t.label == "A new goal").input(
        "Walk to the park with my daughter"
    )
    next(b for b in at.button if b.label == "Add goal").click().run()
    assert [e.value for e in at.error] == ["You already have that goal."]
    assert not at.exception
