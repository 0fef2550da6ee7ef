"""Move on the phone, through the real app: the week-3 demo patient Alex at FROZEN_NOW (week 3,
after a flare in week 2) logs movement, sees why today's target is what it is and the stop rules,
chooses a new exercise and logs its baseline, and sees no targets while paused."""

from datetime import date

from db.actions import change_plan, record_check_in
from db.models import ExerciseChoice, MovementBaselineDay, MovementLog
from pages.shell.plain import plain
from program import move_wording as mw
from tests.pages.conftest import texts
from tests.utils import actor_for, rows

MOVE = "pages/patient/move.py"
TODAY = date(2026, 3, 18)
HOLD = "The same 10 minutes as last week: last week had a flare, so your plan stays here for now."
STOP_RULES = (
    "Chest pain or pressure.",
    "Very bad shortness of breath.",
    "Feeling dizzy or faint.",
    "A sudden, sharp new pain.",
    "New numbness or weakness.",
)


def key(slug: str) -> str:
    (choice,) = [c for c in rows(ExerciseChoice, exercise=slug) if c.stopped_on is None]
    return f"move-{slug}-{choice.id}"


def group(at, widget_key: str):
    return next(w for w in at.get("button_group") if w.key == widget_key)


def stop_boxes(at) -> list[str]:
    """The warning boxes that list every stop rule of CLINICAL.md and who to call."""
    return [
        w.value
        for w in at.warning
        if all(rule in w.value for rule in STOP_RULES) and mw.STOP_CALL in w.value
    ]


def open_move(app_as):
    at = app_as("demo-patient").switch_page(MOVE).run()
    assert not at.exception
    return at


def test_it_shows_todays_targets_with_the_why_line_and_the_stop_rules(app_as):
    at = open_move(app_as)
    assert [m.value for m in at.metric] == ["10 minutes", "6 reps", "7 reps"]
    shown = texts(at)
    assert plain(HOLD) in shown  # the why line, as Markdown shows it
    # Once at the top of the screen and again with each exercise's steps.
    assert len(stop_boxes(at)) == 1 + 3 and at.warning[0].value == stop_boxes(at)[0]


def test_it_logs_a_day_as_planned_and_shows_it_saved(app_as):
    at = open_move(app_as)
    walk = key("easy-walk")
    group(at, f"{walk}-result").set_value("as_planned")
    group(at, f"{walk}-felt").set_value("ok")
    at.button(key=f"{walk}-save").click().run()
    assert not at.exception and not at.error
    assert mw.AFTER["as_planned"] in [s.value for s in at.success]
    log = next(log for log in rows(MovementLog, exercise="easy-walk") if log.local_date == TODAY)
    assert (log.amount, log.target, log.result, log.felt) == (10, 10, "as_planned", "ok")
    assert mw.LOGGED_TODAY in texts(at)


def test_it_meets_more_than_planned_kindly_and_never_praises_it(app_as):
    at = open_move(app_as)
    walk = key("easy-walk")
    group(at, f"{walk}-result").set_value("more")
    at.run()
    at.number_input(key=f"{walk}-amount-more").set_value(15)
    group(at, f"{walk}-felt").set_value("hard")
    at.button(key=f"{walk}-save").click().run()
    said = [i.value for i in at.info]
    assert any(mw.AFTER["more"] in text and mw.AFTER_HARD in text for text in said), said
    assert not any(word in " ".join(said).lower() for word in ("well done", "great", "amazing"))
    assert rows(MovementLog, exercise="easy-walk")[-1].amount == 15


def test_it_asks_for_a_number_under_the_target_for_less(app_as):
    at = open_move(app_as)
    walk = key("easy-walk")
    group(at, f"{walk}-result").set_value("less")
    at.run()
    at.number_input(key=f"{walk}-amount-less").set_value(12)
    group(at, f"{walk}-felt").set_value("ok")
    at.button(key=f"{walk}-save").click().run()
    assert [e.value for e in at.error] == [mw.less_than(10)]
    assert not [log for log in rows(MovementLog) if log.local_date == TODAY]


def test_it_adds_an_exercise_that_starts_with_its_baseline_days(app_as):
    at = open_move(app_as)
    strength = next(w for w in at.get("button_group") if w.key == "move-pick-strength")
    strength.set_value([*strength.value, "wall-push"])
    at.button(key="move-pick-save").click().run()
    assert mw.CHOOSE_SAVED in [s.value for s in at.success]
    wall = key("wall-push")
    assert mw.BASELINE_TEXT in texts(at)
    at.number_input(key=f"{wall}-baseline").set_value(5)
    at.button(key=f"{wall}-baseline-save").click().run()
    assert not at.exception and not at.error
    assert [
        (d.local_date, d.amount)
        for d in rows(MovementBaselineDay, choice_id=int(wall.split("-")[-1]))
    ] == [(TODAY, 5)]
    assert mw.baseline_progress(1, 3) in texts(at)


def test_it_shows_no_targets_during_a_pause_and_still_offers_the_check_in(app_as):
    patient_id = actor_for("demo-patient").patient_id
    change_plan(
        actor=actor_for("demo-clinician"),
        patient_id=patient_id,
        kind="pause",
        reason="Knee surgery next week.",
        until=date(2026, 3, 31),
    )
    at = open_move(app_as)
    assert len(at.metric) == 0  # no targets
    shown = texts(at)
    assert mw.PAUSED_TEXT in shown and "Knee surgery next week." in shown
    assert len(stop_boxes(at)) == 1  # the stop rules stay on screen during a pause
    today = at.switch_page("pages/patient/today.py").run()
    assert "Save check-in" in [b.label for b in today.button]


def test_it_shows_the_flare_plans_scale_down_on_a_flare_day(app_as):
    record_check_in(
        actor=actor_for("demo-patient"),
        pain=7,
        sleep_quality=2,
        mood=2,
        stress=4,
        flare=True,
        medicines_changed=False,
    )
    at = open_move(app_as)
    said = "\n".join(i.value for i in at.info)
    assert mw.flare_today(10, "minutes") in said
    assert "Half my walk, and shoulder rolls only, for one or two days." in said
