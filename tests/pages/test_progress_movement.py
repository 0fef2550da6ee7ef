"""Progress shows the movement levels reached as the patient's own change and wins, and nothing
discouraging: a level that went down is shown without a comparison (CLINICAL.md, framing)."""

from db.actions import change_plan
from program import move_wording as mw
from tests.pages.conftest import texts
from tests.utils import actor_for

PROGRESS = "pages/patient/progress.py"


def set_walk_level(level: int) -> None:
    change_plan(
        actor=actor_for("demo-clinician"),
        patient_id=actor_for("demo-patient").patient_id,
        kind="movement_level",
        details={"level": level, "exercise": "easy-walk"},
        reason="Checked in clinic.",
    )


def progress(app_as) -> str:
    at = app_as("demo-patient").switch_page(PROGRESS).run()
    assert not at.exception
    return texts(at)


def test_it_shows_each_exercises_level_and_the_days_moved(app_as):
    shown = progress(app_as)
    assert mw.PROGRESS_TITLE in shown
    assert f"- {mw.progress_line('Easy walk', 10, 10, 'minutes')}" in shown
    assert mw.progress_line("Sit to stand", 6, 6, "reps") in shown
    assert f"{mw.days_logged(8)} {mw.days_on_plan(6)}" in shown


def test_it_says_where_the_patient_started_when_the_level_went_up(app_as):
    set_walk_level(2)
    assert "**Easy walk:** you started at 10 minutes. Now: 13 minutes." in progress(app_as)


def test_it_shows_a_lower_level_without_a_comparison(app_as):
    set_walk_level(-2)
    shown = progress(app_as)
    assert "**Easy walk:** now 8 minutes." in shown
    assert "started at 10" not in shown and "Down from" not in shown
