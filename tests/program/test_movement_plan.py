"""One chosen exercise's plan on a day: baseline, the week the plan starts, "less" weeks, pauses
with a planned end, clinician changes and the level kept after week 12.

Week 1 of the program starts on Monday 2 March 2026 (day 0); baseline 10 minutes unless said.
"""

from datetime import date, timedelta

import pytest

from program.curriculum import PlanEventRef
from program.movement import Change
from program.movement_plan import (
    MoveState,
    baseline_mean,
    exercise_day,
    first_plan_day,
    held_weeks,
    lowest_level,
    paused_days,
    paused_on,
)
from program.vocabulary import MovementResult, PlanEventKind

START = date(2026, 3, 2)
LESS, PLANNED = MovementResult.LESS, MovementResult.AS_PLANNED


def day(n: int) -> date:
    return START + timedelta(days=n)


def baseline(*days: int, amounts=(10, 10, 10)) -> list[tuple[date, float]]:
    return [(day(n), a) for n, a in zip(days, amounts, strict=False)]


def today(n: int, *, base=None, flares=(), events=(), results=None, week1=START, exercise="walk"):
    return exercise_day(
        unit="minutes",
        baseline_days=base if base is not None else baseline(-5, -4, -3),
        results=results or {},
        flare_days=[day(f) for f in flares],
        events=list(events),
        exercise=exercise,
        week1_start=week1,
        weeks=12,
        day=day(n),
    )


def event(kind, n, *, seq=1, until=None, reason="", **details) -> PlanEventRef:
    return PlanEventRef(
        kind, day(n), reason=reason, sequence=seq, details=details, until=until and day(until)
    )


def test_it_takes_the_mean_of_the_first_three_baseline_days():
    assert baseline_mean([6, 9]) is None
    assert baseline_mean([6, 9, 12]) == 9
    assert baseline_mean([6, 9, 12, 30]) == 9  # a fourth day never moves the baseline


def test_it_starts_the_plan_with_week_one_when_the_baseline_was_done_in_the_baseline_week():
    assert first_plan_day(day(-3), START, set()) == (START, 1)


def test_it_starts_the_plan_with_the_next_program_week_after_a_late_baseline():
    assert first_plan_day(day(2), START, set()) == (day(7), 2)
    assert first_plan_day(day(6), START, set()) == (day(7), 2)
    assert first_plan_day(day(7), START, set()) == (day(14), 3)
    # Ten days paused from day 8: week 2 is days 7 and 18..23, so week 3 starts on day 24.
    pause = {day(n) for n in range(8, 18)}
    assert first_plan_day(day(7), START, pause) == (day(24), 3)


def test_it_holds_a_week_with_less_than_planned_on_most_logged_days():
    weeks = [(day(0), day(6)), (day(7), day(13)), (day(14), day(20))]
    results = {day(0): LESS, day(1): LESS, day(2): PLANNED}  # 2 of 3: most
    results |= {day(7): LESS, day(8): PLANNED}  # 1 of 2: not most
    results |= {day(14): LESS}  # the only day logged
    assert held_weeks(weeks, results) == {1, 3}
    assert held_weeks(weeks, {}) == set()


def test_it_ends_a_pause_by_itself_after_its_planned_last_day():
    events = [event(PlanEventKind.PAUSE, 3, until=5)]
    assert paused_days(events, day(10)) == {day(3), day(4), day(5)}
    assert paused_on(events, day(5))[0] and not paused_on(events, day(6))[0]


def test_it_lets_an_early_resume_or_a_new_pause_decide_instead_of_the_planned_end():
    early = [event(PlanEventKind.PAUSE, 3, until=9), event(PlanEventKind.RESUME, 5, seq=2)]
    assert paused_days(early, day(12)) == {day(3), day(4)}
    longer = [
        event(PlanEventKind.PAUSE, 3, until=5),
        event(PlanEventKind.RESUME, 4, seq=2),
        event(PlanEventKind.PAUSE, 5, seq=3, until=8),
    ]
    assert paused_days(longer, day(12)) == {day(3), day(5), day(6), day(7), day(8)}
    open_ended = [event(PlanEventKind.PAUSE, 3)]
    assert paused_on(open_ended, day(40))[0]


def test_it_asks_for_baseline_days_until_there_are_three():
    shown = today(1, base=baseline(-5, -4))
    assert (shown.state, shown.baseline_days, shown.target) == (MoveState.BASELINE, 2, None)


def test_it_shows_the_starting_target_while_week_one_has_not_started():
    shown = today(-2, week1=None)
    assert (shown.state, shown.target) == (MoveState.WAITING, 8)
    assert shown.why.startswith("Your plan starts at 8 minutes")


def test_it_shows_the_starting_target_until_a_late_plan_starts_with_the_next_week():
    late = baseline(2, 3, 4, amounts=(10, 12, 14))  # mean 12, done on day 4 of week 1
    before = today(5, base=late)
    assert (before.state, before.target, before.starts_on) == (MoveState.TARGET, 10, day(7))
    assert before.why.startswith("Your plan starts at 10 minutes")
    week_two = today(8, base=late)
    assert (week_two.this_week.week, week_two.target) == (1, 10)
    assert today(15, base=late).target == 11  # its week 2 (program week 3): one level up


def test_it_words_todays_target_and_why_from_the_rounded_numbers():
    assert today(9).why == "Up from 8 to 9 minutes: last week went without a flare."
    held = today(16, flares=[10])
    assert (held.target, held.this_week.change) == (9, Change.HOLD)
    assert held.why.startswith("The same 9 minutes as last week: last week had a flare")


def test_it_does_not_step_up_after_a_week_of_mostly_less_than_planned():
    results = {day(n): LESS for n in (7, 8, 9)} | {day(10): PLANNED}
    shown = today(15, results=results)
    assert (shown.target, shown.this_week.change) == (9, Change.HOLD_LESS)


def test_it_applies_a_clinicians_level_for_one_exercise_with_the_reason():
    level = event(
        PlanEventKind.MOVEMENT_LEVEL, 8, level=-1, exercise="walk", reason="Easy after your fall."
    )
    walk = today(9, events=[level])
    assert walk.target == 7
    assert walk.why == "Your clinician set this week at 7 minutes. Easy after your fall."
    assert today(16, events=[level]).target == 8  # the rule carries on from there
    assert today(9, events=[level], exercise="stairs").target == 9  # another exercise: no change


def test_it_applies_a_level_for_every_exercise_when_none_is_named():
    level = event(PlanEventKind.MOVEMENT_LEVEL, 8, level=2, reason="Doing well.")
    assert today(9, events=[level], exercise="stairs").target == 10


def test_it_makes_later_steps_the_clinicians_new_size_and_says_so_that_week():
    step = event(PlanEventKind.MOVEMENT_STEP, 7, step_percent=5, reason="Smaller steps for now.")
    week_two = today(8, events=[step])
    assert week_two.target == 9  # this week stays where the rule put it
    assert week_two.note.startswith("Your clinician changed each step of your plan to 5%")
    assert week_two.note.endswith("Smaller steps for now.")
    week_three = today(15, events=[step])
    assert (week_three.share, week_three.note) == (pytest.approx(0.95), "")


def test_it_shows_no_target_on_a_paused_day_and_resumes_where_it_was():
    pause = event(PlanEventKind.PAUSE, 7, until=13, reason="Away")
    assert today(9, events=[pause]).state == MoveState.PAUSED
    after = today(14, events=[pause])
    assert (after.this_week.week, after.target) == (2, 9)  # week 2 comes after the pause


def test_it_keeps_the_level_reached_after_week_twelve():
    shown = today(7 * 12 + 3)
    assert (shown.maintenance, shown.target) == (True, 19)  # week 12 was 8 + 11 minutes
    assert shown.why == "Keep to 19 minutes: the level you reached in the program."
    assert today(7 * 20, flares=[7 * 15]).target == 19  # no rule after the program


def test_it_applies_a_clinicians_level_set_after_week_twelve():
    level = event(PlanEventKind.MOVEMENT_LEVEL, 7 * 13, level=0, reason="Back to basics.")
    shown = today(7 * 13 + 1, events=[level])
    assert (shown.target, shown.why) == (
        8,
        "Your clinician set this at 8 minutes. Back to basics.",
    )


def test_it_never_lets_a_clinician_set_a_level_with_a_target_of_zero():
    assert lowest_level([]) == -7  # 80% - 8 x 10% would be 0
    step = event(PlanEventKind.MOVEMENT_STEP, 7, step_percent=15)
    assert lowest_level([step]) == -5  # 80% - 5 x 15% = 5%
