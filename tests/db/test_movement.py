"""Graded movement in the store: baseline days, logs, holds after "less", clinician levels and
steps from plan events with their reason, pauses, the chosen exercises and the flare plan.

Ana starts week 1 on Monday 2 March 2026 with no baseline week (like the demo patient), so she
logs three baseline days in week 1 and her plan starts with week 2 (Monday 9 March).
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from db.actions import (
    InvalidInput,
    change_plan,
    choose_exercises,
    log_movement,
    record_baseline_day,
    record_check_in,
    save_flare_plan,
)
from db.engine import write_session
from db.models import ExerciseChoice, FlarePlan, MovementBaselineDay, MovementLog
from db.queries import flare_plan_for_patient, movement_for_clinician, movement_for_patient
from program.movement import Change
from program.movement_plan import MoveState
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user, rows

START = date(2026, 3, 2)


def on(frozen, n: int) -> None:
    """Move the clock to day ``n`` of Ana's program, 11:00 in New York."""
    frozen.move_to(
        datetime.combine(START + timedelta(days=n), datetime.min.time(), UTC) + timedelta(hours=15)
    )


@pytest.fixture
def ana(db, frozen):
    clin = make_user("clin", ["clinician"])
    coord = make_user("coord", ["coordinator"])
    make_patient("Ana", username="ana", start=START, coordinator=coord, clinician=clin)
    on(frozen, 0)
    return actor_for("ana")


def walk(view):
    return next(c for c in view.chosen if c.exercise.slug == "easy-walk")


def baseline(frozen, actor, amounts=(10, 12, 14), first_day=0, exercise="easy-walk"):
    for n, amount in enumerate(amounts, start=first_day):
        on(frozen, n)
        record_baseline_day(actor=actor, exercise=exercise, amount=amount)


def test_it_takes_the_baseline_from_the_mean_of_three_comfortable_days(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk"])
    baseline(frozen, ana, amounts=(10, 12))
    shown = walk(movement_for_patient(actor=ana))
    assert (shown.day.state, shown.day.baseline_days, shown.day.target) == (
        MoveState.BASELINE,
        2,
        None,
    )
    on(frozen, 2)
    record_baseline_day(actor=ana, exercise="easy-walk", amount=14)
    shown = walk(movement_for_patient(actor=ana)).day
    assert (shown.baseline, shown.target, shown.starts_on) == (12, 10, date(2026, 3, 9))
    assert shown.why == "Your plan starts at 10 minutes: a bit less than what felt comfortable."


def test_it_changes_todays_baseline_day_but_refuses_a_fourth(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk"])
    baseline(frozen, ana, amounts=(10, 12, 20))
    record_baseline_day(actor=ana, exercise="easy-walk", amount=14)  # day 2 again: changed
    assert [r.amount for r in rows(MovementBaselineDay)] == [10, 12, 14]
    on(frozen, 3)
    with pytest.raises(InvalidInput, match="already set"):
        record_baseline_day(actor=ana, exercise="easy-walk", amount=30)
    with pytest.raises(InvalidInput, match="choose this exercise"):
        record_baseline_day(actor=ana, exercise="stairs", amount=3)


def test_it_logs_what_was_done_against_the_target_shown_that_day(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk"])
    with pytest.raises(InvalidInput, match="starting point"):
        log_movement(actor=ana, exercise="easy-walk", result="as_planned", felt="ok")
    baseline(frozen, ana)
    on(frozen, 7)
    log_movement(actor=ana, exercise="easy-walk", result="as_planned", felt="easy")
    with pytest.raises(InvalidInput, match="under 10"):
        log_movement(actor=ana, exercise="easy-walk", result="less", felt="hard", amount=10)
    with pytest.raises(InvalidInput, match="over 10"):
        log_movement(actor=ana, exercise="easy-walk", result="more", felt="ok", amount=9)
    log_movement(actor=ana, exercise="easy-walk", result="less", felt="hard", amount=6)
    (log,) = rows(MovementLog)  # one log a day: the second save changed it
    assert (log.local_date, log.amount, log.target, log.result, log.felt) == (
        date(2026, 3, 9),
        6,
        10,
        "less",
        "hard",
    )
    assert walk(movement_for_patient(actor=ana)).log_today.amount == 6


def test_it_holds_after_a_week_with_less_than_planned_on_most_days(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk", "sit-to-stand"])
    baseline(frozen, ana)
    baseline(frozen, ana, amounts=(5, 5, 5), exercise="sit-to-stand")
    week = ("less", "less", "as_planned", "less", "less", None, None)
    for n, walked in zip(range(7, 14), week, strict=True):
        on(frozen, n)
        record_check_in(actor=ana, **CHECK_IN_ANSWERS)
        log_movement(actor=ana, exercise="sit-to-stand", result="as_planned", felt="ok")
        if walked:
            amount = 5 if walked == "less" else None
            log_movement(actor=ana, exercise="easy-walk", result=walked, felt="ok", amount=amount)
    on(frozen, 14)
    view = movement_for_patient(actor=ana)
    shown = walk(view).day
    assert (shown.target, shown.this_week.change) == (10, Change.HOLD_LESS)
    assert shown.why.startswith("The same 10 minutes as last week: you did less than planned")
    stand = next(c for c in view.chosen if c.exercise.slug == "sit-to-stand").day
    assert (stand.target, stand.this_week.change) == (5, Change.UP)  # 4 -> 4.5 shows as 5


def test_it_applies_a_clinicians_level_from_its_date_with_the_reason(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk", "sit-to-stand"])
    baseline(frozen, ana)
    baseline(frozen, ana, amounts=(5, 5, 5), exercise="sit-to-stand")
    on(frozen, 10)
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="movement_level",
        details={"level": 2, "exercise": "easy-walk"},
        reason="You are doing well: a bit more walking.",
        effective_date=START + timedelta(days=14),
    )
    assert walk(movement_for_patient(actor=ana)).day.target == 10  # not before its date
    on(frozen, 14)
    view = movement_for_patient(actor=ana)
    assert walk(view).day.target == 12  # 12 x (80% + 2 x 10%)
    assert walk(view).day.why == (
        "Your clinician set this week at 12 minutes. You are doing well: a bit more walking."
    )
    stand = next(c for c in view.chosen if c.exercise.slug == "sit-to-stand").day
    assert stand.this_week.change == Change.UP  # only the walk was changed
    on(frozen, 21)
    assert walk(movement_for_patient(actor=ana)).day.target == 13  # the rule carries on


def test_it_makes_later_steps_the_clinicians_step_size(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk"])
    baseline(frozen, ana, amounts=(20, 20, 20))
    on(frozen, 14)
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="movement_step",
        details={"step_percent": 5},
        reason="Smaller steps while your knee settles.",
    )
    shown = walk(movement_for_patient(actor=ana)).day
    assert shown.target == 18  # week 3 stays where the rule put it (20 x 90%)
    assert "5% of your baseline" in shown.note and "knee settles" in shown.note
    on(frozen, 21)
    assert walk(movement_for_patient(actor=ana)).day.target == 19  # 20 x 95%


def test_it_refuses_a_level_that_would_leave_no_target(ana, frozen):
    with pytest.raises(InvalidInput, match="level -7 or higher"):
        change_plan(
            actor=actor_for("clin"),
            patient_id=ana.patient_id,
            kind="movement_level",
            details={"level": -8},
            reason="Very gently.",
        )
    with pytest.raises(InvalidInput, match="exercise from the library"):
        change_plan(
            actor=actor_for("clin"),
            patient_id=ana.patient_id,
            kind="movement_level",
            details={"level": 1, "exercise": "moon-walk"},
            reason="Try this.",
        )


def test_it_shows_no_target_during_a_pause_and_picks_up_after_its_planned_end(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk"])
    baseline(frozen, ana)
    on(frozen, 15)
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="pause",
        reason="Away with family.",
        until=START + timedelta(days=20),
    )
    view = movement_for_patient(actor=ana)
    assert view.paused and view.pause_reason == "Away with family."
    assert walk(view).day.state == MoveState.PAUSED and walk(view).day.target is None
    with pytest.raises(InvalidInput, match="paused"):
        log_movement(actor=ana, exercise="easy-walk", result="as_planned", felt="ok")
    on(frozen, 21)
    view = movement_for_patient(actor=ana)
    # Week 3 had one running day (day 14) before the pause: it goes on to day 26.
    assert not view.paused and walk(view).day.this_week.week == 2
    assert walk(view).day.target == 11


def test_it_keeps_one_active_choice_per_exercise_and_a_new_baseline_when_chosen_again(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk", "stairs"])
    baseline(frozen, ana)
    on(frozen, 5)
    choose_exercises(actor=ana, exercises=["stairs"])
    choose_exercises(actor=ana, exercises=["stairs", "easy-walk"])
    choices = rows(ExerciseChoice, exercise="easy-walk")
    assert [c.stopped_on for c in choices] == [date(2026, 3, 7), None]
    assert walk(movement_for_patient(actor=ana)).day.state == MoveState.BASELINE
    with pytest.raises(IntegrityError), write_session() as session:
        session.add(ExerciseChoice(patient_id=ana.patient_id, exercise="stairs", chosen_on=START))
    with pytest.raises(InvalidInput, match="up to 5"):
        choose_exercises(
            actor=ana,
            exercises=["easy-walk", "stairs", "bridge", "neck-turns", "side-reach", "step-ups"],
        )
    with pytest.raises(InvalidInput, match="from the list"):
        choose_exercises(actor=ana, exercises=["moon-walk"])


def test_it_keeps_each_version_of_the_flare_plan_and_shows_the_newest(ana, frozen):
    assert flare_plan_for_patient(actor=ana).plan is None
    save_flare_plan(actor=ana, helps="A warm shower.", scale_down="Half my walk.")
    save_flare_plan(actor=ana, helps="A warm shower.", scale_down="Half my walk.")  # unchanged
    save_flare_plan(actor=ana, helps="A warm shower and music.", scale_down="Half my walk.")
    plan = flare_plan_for_patient(actor=ana).plan
    assert (plan.version, plan.helps, plan.scale_down, plan.tell) == (
        2,
        "A warm shower and music.",
        "Half my walk.",
        "",
    )
    assert len(rows(FlarePlan)) == 2
    with pytest.raises(InvalidInput, match="at least one part"):
        save_flare_plan(actor=ana, helps="   ")
    with pytest.raises(InvalidInput, match="under 1000"):
        save_flare_plan(actor=ana, helps="x" * 1001)


def test_it_shows_the_care_team_each_exercise_with_its_level_and_the_changes(ana, frozen):
    choose_exercises(actor=ana, exercises=["easy-walk"])
    baseline(frozen, ana)
    on(frozen, 14)
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="movement_step",
        details={"step_percent": 15},
        reason="Bigger steps.",
    )
    for who in ("clin", "coord"):
        view = movement_for_clinician(actor=actor_for(who), patient_id=ana.patient_id)
        assert [(c.exercise.slug, c.day.this_week.week, c.day.target) for c in view.chosen] == [
            ("easy-walk", 2, 11)
        ]
        assert [(c.kind, c.reason) for c in view.changes] == [("movement_step", "Bigger steps.")]
        assert view.lowest_level == -5  # 80% - 5 x 15% still leaves a target
