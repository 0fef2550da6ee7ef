"""Graded movement targets follow CLINICAL.md's pacing rule step by step.

Baseline 10 minutes throughout, so level k is (8 + k) minutes: week 1 at 8 (80%), a level is 1
(10%), the floor is 5 (50%). Week 1 starts on Monday 2 March 2026: week n runs from day 7(n-1)
to day 7n-1, counted from that Monday.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from program.curriculum import PlanEventRef, paused_dates, program_position
from program.movement import (
    Change,
    LevelOverride,
    apply_overrides,
    flare_days,
    week_of,
    weekly_plan,
    weekly_targets,
)
from program.vocabulary import PlanEventKind

START = date(2026, 3, 2)


@dataclass(frozen=True)
class CheckIn:
    pain: int | None
    flare: bool = False


def day(n: int) -> date:
    """Day n of the program (day 0 is week 1's Monday; negative days are the baseline week)."""
    return START + timedelta(days=n)


def targets(flares=(), weeks=12, **kwargs) -> list[float]:
    return [
        round(t, 6) for t in weekly_targets(10, START, [day(n) for n in flares], weeks, **kwargs)
    ]


def test_it_starts_week_one_at_eighty_percent_of_the_baseline():
    assert weekly_targets(12.5, START, [], 1) == [pytest.approx(10.0)]


def test_it_goes_up_one_level_after_each_week_without_a_flare():
    assert targets() == [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]


def test_it_holds_after_a_week_with_one_flare():
    assert targets([9], weeks=4) == [8, 9, 9, 10]  # a flare on week 2's Wednesday


def test_it_steps_back_after_two_flare_episodes_within_fourteen_days():
    # Week 2 has a flare (day 9), week 3 another (day 16): two episodes within days 7..20.
    assert targets([9, 16], weeks=5) == [8, 9, 9, 8, 9]


def test_it_holds_when_the_two_episodes_are_more_than_fourteen_days_apart():
    # Episodes on days 2 and 16: at the end of week 3 (day 20) the window is days 7..20.
    assert targets([2, 16], weeks=4) == [8, 8, 9, 9]


def test_it_holds_through_one_long_flare_where_two_short_ones_step_back():
    one_long = list(range(9, 18))  # days 9..17: one episode across weeks 2 and 3
    two_short = [9, 10, 16, 17]  # the same weeks, two episodes
    assert targets(one_long, weeks=4) == [8, 9, 9, 9]
    assert targets(two_short, weeks=4) == [8, 9, 9, 8]


def test_it_counts_an_episode_on_its_first_date_only():
    # An episode from day 5 to day 15 began outside week 3's window (days 7..20): with a new
    # episode on day 19 that is one start in the window, so week 3 holds.
    assert targets([*range(5, 16), 19], weeks=4) == [8, 8, 8, 8]
    # Started on day 10 instead, both starts fall inside the window: a step back.
    assert targets([*range(10, 16), 19], weeks=4) == [8, 9, 9, 8]


def test_it_counts_a_flare_in_the_baseline_week_towards_week_ones_window():
    assert targets([-3, 3], weeks=2) == [8, 7]


def test_it_never_goes_below_half_the_baseline():
    flares = [n for week in range(6) for n in (7 * week, 7 * week + 2)]  # two episodes each week
    assert targets(flares, weeks=7) == [8, 7, 6, 5, 5, 5, 5]
    plan = weekly_plan(10, START, [day(n) for n in flares], 7)
    assert [w.change for w in plan[3:]] == [
        Change.DOWN,
        Change.AT_FLOOR,
        Change.AT_FLOOR,
        Change.AT_FLOOR,
    ]


def test_it_holds_a_week_marked_less_than_planned_even_without_a_flare():
    assert targets(weeks=4, hold_after=[2]) == [8, 9, 9, 10]
    assert weekly_plan(10, START, [], 3, hold_after=[2])[2].change == Change.HOLD_LESS


def test_it_still_steps_back_in_a_week_marked_less_than_planned():
    assert targets([9, 16], weeks=4, hold_after=[3]) == [8, 9, 9, 8]
    assert targets([16], weeks=4, hold_after=[3]) == [8, 9, 10, 10]


def test_it_takes_the_design_choices_as_keyword_numbers():
    changed = weekly_targets(
        10,
        START,
        [day(2), day(4)],
        3,
        start_fraction=0.7,
        step_fraction=0.05,
        floor_fraction=0.6,
        window_days=7,
        episodes_to_step_back=3,
    )
    assert changed == pytest.approx([7.0, 7.0, 7.5])  # two episodes are not three: hold
    with pytest.raises(TypeError):
        weekly_targets(10, START, [], 12, (), ())  # type: ignore[misc]


def test_it_refuses_design_numbers_that_make_no_plan():
    with pytest.raises(ValueError):
        weekly_targets(10, START, [], floor_fraction=0.9)  # floor above the start
    with pytest.raises(ValueError):
        weekly_targets(10, START, [], step_fraction=0)


# --- pauses ------------------------------------------------------------------------------------

PAUSE = [day(n) for n in range(7, 17)]  # ten days paused from week 2's Monday


def test_it_moves_the_weeks_past_a_pause_and_resumes_where_it_was():
    plan = weekly_plan(10, START, [], 3, paused_days=PAUSE)
    assert [(w.first_day, w.last_day) for w in plan] == [
        (day(0), day(6)),
        (day(17), day(23)),
        (day(24), day(30)),
    ]
    assert [w.target for w in plan] == pytest.approx([8, 9, 10])  # the pause itself is no step


def test_it_ignores_a_flare_logged_on_a_paused_day():
    assert targets([10], weeks=3, paused_days=PAUSE) == [8, 9, 10]


def test_it_counts_the_window_in_running_days_so_a_pause_does_not_spread_flares_apart():
    # Episodes on days 5 and 19 are 14 calendar days apart, but only 4 running days with the pause.
    assert targets([5, 19], weeks=3) == [8, 8, 9]
    assert targets([5, 19], weeks=3, paused_days=PAUSE) == [8, 8, 7]


def test_it_counts_weeks_around_a_pause_as_the_curriculum_does():
    events = [
        PlanEventRef(PlanEventKind.PAUSE, day(7), reason="holiday", sequence=1),
        PlanEventRef(PlanEventKind.RESUME, day(17), sequence=2),
    ]
    paused = paused_dates(events, day(100))
    plan = weekly_plan(10, START, [], 12, paused_days=paused)
    for week in plan:
        for n in range((week.last_day - week.first_day).days + 1):
            assert program_position(START, week.first_day + timedelta(days=n), events) == (
                week.week,
                n,
            )


# --- clinician overrides -----------------------------------------------------------------------


def test_it_sets_the_clinicians_level_from_the_week_of_its_date_and_continues_from_there():
    override = LevelOverride(day(23), level=-1, reason="Knee surgery last month: go gently.")
    plan = apply_overrides(10, START, [], [override], 6)
    assert [w.target for w in plan] == pytest.approx([8, 9, 10, 7, 8, 9])
    assert (plan[3].change, plan[3].reason) == (
        Change.CLINICIAN,
        "Knee surgery last month: go gently.",
    )
    assert plan[4].change == Change.UP and plan[4].reason == ""


def test_it_keeps_the_newest_override_of_a_week():
    first = LevelOverride(day(8), level=3, reason="first", sequence=1)
    second = LevelOverride(day(8), level=2, reason="second", sequence=2)
    plan = apply_overrides(10, START, [], [second, first], 3)
    assert (plan[1].level, plan[1].reason) == (2, "second")


def test_it_applies_an_override_dated_in_a_pause_to_the_week_after_it():
    override = LevelOverride(day(12), level=4, reason="Doing well")
    plan = apply_overrides(10, START, [], [override], 3, paused_days=PAUSE)
    assert [w.level for w in plan] == [0, 4, 5]


def test_it_lets_a_clinician_go_below_the_floor_and_then_steps_down_no_further():
    override = LevelOverride(day(0), level=-4, reason="Start very low")
    flares = [day(n) for n in (1, 3, 8, 10)]
    plan = apply_overrides(10, START, flares, [override], 3)
    assert [w.target for w in plan] == pytest.approx([4, 4, 4])
    with pytest.raises(ValueError):
        apply_overrides(10, START, [], [LevelOverride(day(0), level=-8)], 2)


# --- twelve weeks with two flares (frozen dates) -----------------------------------------------


def test_it_follows_a_patient_through_twelve_weeks_with_two_flares():
    """Baseline 10 minutes; a reported flare on day 23 (week 4) and a pain flare on days 30-31.

    CLINICAL.md, step by step (end of week -> next week's level):
    weeks 1-3 go without a flare -> up each time: 8, 9, 10, 11.
    week 4 has a flare day (day 23), one episode in days 14..27 -> hold: week 5 is 11.
    week 5 has flare days 30, 31; episodes start on days 23 and 30, both in days 21..34 -> step
    back: week 6 is 10. weeks 6-11 go without a flare -> up each time: 11, 12, 13, 14, 15, 16.
    """
    check_ins = {day(n): CheckIn(pain=3) for n in range(-7, 84)}
    check_ins[day(23)] = CheckIn(pain=3, flare=True)
    check_ins[day(30)] = check_ins[day(31)] = CheckIn(pain=6)
    flares = flare_days(check_ins)
    assert flares == {day(23), day(30), day(31)}
    assert weekly_targets(10, START, flares) == pytest.approx(
        [8, 9, 10, 11, 11, 10, 11, 12, 13, 14, 15, 16]
    )


def test_it_finds_the_plan_week_of_a_day_and_none_while_paused():
    plan = weekly_plan(10, START, [], 3, paused_days=PAUSE)
    assert week_of(plan, day(3)).week == 1
    assert week_of(plan, day(10)) is None  # paused: no target that day
    assert week_of(plan, day(17)).week == 2
    assert week_of(plan, day(-1)) is None and week_of(plan, day(31)) is None


def test_it_counts_exactly_fourteen_days_ending_on_the_weeks_last_day():
    # End of week 3 is day 20: days 7..20 are the 14 days; day 6 is the fifteenth.
    assert targets([8, 20], weeks=4) == [8, 9, 9, 8]  # starts on days 8 and 20: step back
    assert targets([7, 20], weeks=4) == [8, 9, 9, 8]  # day 7 is the first of the 14
    assert targets([6, 20], weeks=4) == [8, 8, 9, 9]  # day 6 is outside: hold
