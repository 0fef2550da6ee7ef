"""What is due on a given local day: lessons spread over the week, holds, pauses, time zones."""

from datetime import UTC, date, datetime

import pytest

from core.clock import local_today
from program.curriculum import (
    ModuleRef,
    PlanEventRef,
    due_days,
    paused_dates,
    plan_for_day,
    program_position,
)

START = date(2026, 3, 2)  # a Monday; week 2 starts on 2026-03-09
MODULES = [
    ModuleRef(1, "w1-a", 1, "education", 1, "W1 A"),
    ModuleRef(2, "w1-b", 1, "education", 2, "W1 B"),
    ModuleRef(3, "w2-a", 2, "education", 1, "W2 A"),
    ModuleRef(4, "w2-b", 2, "education", 2, "W2 B"),
    ModuleRef(5, "w3-a", 3, "education", 1, "W3 A"),
    ModuleRef(6, "w3-b", 3, "education", 2, "W3 B"),
    ModuleRef(7, "w3-c", 3, "education", 3, "W3 C"),
]


def ids(states):
    return [s.module.id for s in states]


def plan_on(day, events=()):
    return plan_for_day(MODULES, list(events), START, day)


def test_it_spreads_a_weeks_lessons_evenly_from_its_first_day():
    assert due_days(MODULES) == {1: 0, 2: 3, 3: 0, 4: 3, 5: 0, 6: 2, 7: 4}


def test_it_gives_each_track_its_own_spread():
    mixed = [*MODULES[:2], ModuleRef(8, "w1-move", 1, "movement", 1, "Move")]
    assert due_days(mixed)[8] == 0


def test_it_knows_the_day_of_the_program_week():
    assert program_position(START, START) == (1, 0)
    assert program_position(START, date(2026, 3, 8)) == (1, 6)
    assert program_position(START, date(2026, 3, 9)) == (2, 0)
    assert program_position(None, date(2026, 3, 9)) == (0, 0)


@pytest.mark.parametrize(
    "day,today,earlier,later",
    [
        (date(2026, 3, 2), [1], [], [2]),
        (date(2026, 3, 3), [], [1], [2]),
        (date(2026, 3, 5), [2], [1], []),
        (date(2026, 3, 8), [], [1, 2], []),
        (date(2026, 3, 9), [3], [], [4]),
    ],
)
def test_it_splits_the_week_into_due_today_earlier_and_later(day, today, earlier, later):
    plan = plan_on(day)
    assert ids(plan.due_today()) == today
    assert ids(plan.due_earlier_this_week()) == earlier
    assert ids(plan.due_later_this_week()) == later


def test_it_takes_a_held_lesson_off_today_and_keeps_the_reason():
    hold = PlanEventRef(
        "hold", date(2026, 3, 9), module_id=3, reason="Let's talk first", sequence=1
    )
    plan = plan_on(date(2026, 3, 9), [hold])
    assert plan.due_today() == [] and ids(plan.due_later_this_week()) == [4]
    assert [(s.module.id, s.reason) for s in plan.held()] == [(3, "Let's talk first")]


def test_it_puts_nothing_due_while_paused_and_picks_up_where_it_left_off():
    events = [
        PlanEventRef("pause", date(2026, 3, 4), reason="Surgery", sequence=1),
        PlanEventRef("resume", date(2026, 3, 11), sequence=2),
    ]
    paused = plan_on(date(2026, 3, 5), events)
    assert paused.paused and paused.due_today() == paused.due_earlier_this_week() == []
    resumed = plan_on(date(2026, 3, 12), events)  # 7 paused days do not count: day 3 of week 1
    assert (resumed.week, resumed.day) == (1, 3) and ids(resumed.due_today()) == [2]
    assert paused_dates(events, date(2026, 3, 12)) == {date(2026, 3, d) for d in range(4, 11)}


def test_it_puts_nothing_due_before_week_1_or_after_the_last_week():
    assert plan_for_day(MODULES, [], None, date(2026, 3, 9)).due_today() == []
    assert plan_for_day(MODULES, [], START, date(2026, 3, 30), weeks=3).due_today() == []


# Week 2 begins at local midnight on 2026-03-09 (Los Angeles moved to PDT, UTC-7, on 03-08).
@pytest.mark.parametrize(
    "timezone,instant,week,due",
    [
        ("America/Los_Angeles", datetime(2026, 3, 9, 6, 59, tzinfo=UTC), 1, []),
        ("America/Los_Angeles", datetime(2026, 3, 9, 7, 0, tzinfo=UTC), 2, [3]),
        ("Asia/Tokyo", datetime(2026, 3, 8, 14, 59, tzinfo=UTC), 1, []),
        ("Asia/Tokyo", datetime(2026, 3, 8, 15, 0, tzinfo=UTC), 2, [3]),
    ],
)
def test_it_starts_the_week_at_the_patients_local_midnight(timezone, instant, week, due):
    plan = plan_on(local_today(timezone, instant))
    assert plan.week == week and ids(plan.due_today()) == due


def test_it_can_be_a_different_program_day_in_two_time_zones_at_once():
    instant = datetime(2026, 3, 8, 20, 0, tzinfo=UTC)  # Sunday 13:00 in LA, Monday 05:00 in Tokyo
    los_angeles = plan_on(local_today("America/Los_Angeles", instant))
    tokyo = plan_on(local_today("Asia/Tokyo", instant))
    assert (los_angeles.week, los_angeles.day, ids(los_angeles.due_earlier_this_week())) == (
        1,
        6,
        [1, 2],
    )
    assert (tokyo.week, tokyo.day, ids(tokyo.due_today())) == (2, 0, [3])
