"""One flare rule everywhere: the lessons that teach moving on a plan, flares and the flare plan say
it in the same words (program/flare_rule.py), and what they say about the weekly steps is what the
engine (program/movement.py) does with CLINICAL.md's numbers."""

from datetime import date, timedelta

import pytest

from program.defaults import DEFAULTS
from program.flare_rule import FLARE_RULE, WEEKLY_STEPS
from program.lessons import load_lessons
from program.movement import weekly_targets

BODIES = {lesson.slug: lesson.body.replace("**", "") for lesson in load_lessons()}
START = date(2026, 3, 2)  # a Monday: week n runs from START + 7 (n - 1) days


def day_of(week: int, weekday: int = 2) -> date:
    return START + timedelta(days=7 * (week - 1) + weekday)


@pytest.mark.parametrize(
    "slug", ["moving-on-a-plan", "flares-pass", "your-flare-plan", "setbacks-are-part-of-the-path"]
)
def test_it_gives_the_same_flare_rule_in_every_lesson_about_moving_and_flares(slug):
    body = " ".join(BODIES[slug].split())
    if slug == "setbacks-are-part-of-the-path":  # says it as a step of getting back on track
        assert "scale down the way it says, then go back to the level your plan is holding" in body
    else:
        assert FLARE_RULE in body


def test_it_lists_the_weekly_steps_where_moving_on_a_plan_is_taught():
    for step in WEEKLY_STEPS:
        assert f"- {step}" in BODIES["moving-on-a-plan"]
    assert (
        "eight tenths" in BODIES["moving-on-a-plan"] and "one tenth" in BODIES["moving-on-a-plan"]
    )


def test_it_words_the_engines_own_numbers():
    assert DEFAULTS.movement_start_fraction == 0.8  # "about eight tenths of that amount"
    assert DEFAULTS.movement_step_fraction == 0.1  # "one tenth of your starting amount"
    assert DEFAULTS.movement_floor_fraction == 0.5  # "never below half of what felt comfortable"
    assert DEFAULTS.movement_window_days == 14  # "start within two weeks"
    assert DEFAULTS.movement_episodes_to_step_back == 2  # "two flares"


def test_it_goes_up_one_small_step_after_a_week_with_no_flare():
    targets = weekly_targets(10.0, START, flare_days=(), weeks=3)
    assert targets == pytest.approx([8.0, 9.0, 10.0])


def test_it_holds_the_level_after_a_week_with_one_flare():
    targets = weekly_targets(10.0, START, flare_days=[day_of(2)], weeks=4)
    assert targets == pytest.approx([8.0, 9.0, 9.0, 10.0])


def test_it_steps_back_one_level_after_two_flares_that_start_within_two_weeks():
    flares = [day_of(2, 1), day_of(3, 1)]  # two episodes, 7 days apart
    targets = weekly_targets(10.0, START, flare_days=flares, weeks=4)
    assert targets == pytest.approx([8.0, 9.0, 9.0, 8.0])


def test_it_never_goes_below_half_of_what_felt_comfortable():
    flares = [day_of(week, d) for week in range(1, 12) for d in (0, 3)]
    assert min(weekly_targets(10.0, START, flare_days=flares, weeks=12)) == pytest.approx(5.0)
