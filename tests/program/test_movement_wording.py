"""Targets are shown as whole minutes or reps, and the *why* line is worded from those numbers."""

from datetime import date, timedelta

import pytest

from program.movement import Change, LevelOverride, WeekTarget, apply_overrides, weekly_plan
from program.movement_wording import amount, rounded, why
from tests.utils.readability import fk_grade

START = date(2026, 3, 2)


def week(target: float, change: Change, reason: str = "") -> WeekTarget:
    return WeekTarget(2, START, START, 0, target, change, reason)


@pytest.mark.parametrize(
    ("target", "shown"), [(7.2, 7), (7.5, 8), (8.5, 9), (2.4999, 2), (0.4, 1), (0.0, 0)]
)
def test_it_rounds_to_whole_numbers_half_up_and_never_to_zero(target, shown):
    assert rounded(target, "minutes") == shown
    assert rounded(target, "reps") == shown


def test_it_refuses_an_unknown_unit():
    with pytest.raises(ValueError):
        rounded(5, "miles")


def test_it_says_up_from_and_to_in_whole_minutes():
    line = why(week(9.0, Change.UP), week(8.0, Change.START), "minutes")
    assert line == "Up from 8 to 9 minutes: last week went without a flare."


def test_it_says_the_same_as_last_week_when_rounding_hides_a_step_up():
    # Baseline 4 reps: level 1 is 3.6 and level 2 is 4.0, both shown as 4.
    plan = weekly_plan(4, START, [])
    assert [rounded(w.target, "reps") for w in plan[:3]] == [3, 4, 4]
    line = why(plan[2], plan[1], "reps")
    assert line.startswith("The same 4 reps as last week: last week went without a flare.")
    assert "from 4 to 4" not in line


def test_it_says_down_with_the_rounded_numbers_after_two_flares_close_together():
    flares = [START + timedelta(days=n) for n in (8, 15)]
    plan = weekly_plan(10, START, flares, 4)
    assert why(plan[3], plan[2], "minutes") == (
        "Down from 9 to 8 minutes: two flares came close together, so your plan steps back a little."
    )


def test_it_explains_a_hold_after_a_flare_and_after_a_lighter_week():
    assert why(week(9, Change.HOLD), week(9, Change.UP), "minutes") == (
        "The same 9 minutes as last week: last week had a flare, so your plan stays here for now."
    )
    assert "less than planned" in why(week(9, Change.HOLD_LESS), week(9, Change.UP), "reps")
    assert "lowest step" in why(week(5, Change.AT_FLOOR), week(5, Change.DOWN), "minutes")


def test_it_shows_the_clinicians_reason_with_their_level():
    override = LevelOverride(
        START + timedelta(days=7), level=-1, reason="Go gently after your fall."
    )
    plan = apply_overrides(10, START, [], [override], 2)
    assert why(plan[1], plan[0], "minutes") == (
        "Your clinician set this week at 7 minutes. Go gently after your fall."
    )


def test_it_says_one_minute_and_one_rep_in_the_singular():
    assert (amount(1, "minutes"), amount(1, "reps"), amount(2, "reps")) == (
        "1 minute",
        "1 rep",
        "2 reps",
    )


def test_it_words_every_why_line_at_grade_8_or_below():
    lines = [
        why(week(5, change, "Rest your knee."), week(5, Change.UP), "minutes") for change in Change
    ]
    lines += [why(week(7, Change.UP), week(6, Change.UP), "reps")]
    lines += [why(week(6, Change.DOWN), week(7, Change.UP), "reps")]
    for line in lines:
        assert fk_grade(line) <= 8, line
