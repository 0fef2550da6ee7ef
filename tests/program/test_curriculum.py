from datetime import date

from program.curriculum import (
    AVAILABLE,
    HELD,
    LOCKED,
    SKIPPED,
    ModuleRef,
    PlanEventRef,
    pause_state,
    plan_for_day,
    program_week,
)

START = date(2026, 3, 2)  # a Monday
MODULES = [
    ModuleRef(i, f"m{i}", week, "education", order, f"Module {i}")
    for i, (week, order) in enumerate([(1, 1), (1, 2), (2, 1), (3, 1), (3, 2), (4, 1)], start=1)
]


def states(plan):
    return {m.module.id: m.state for m in plan.modules}


def test_it_counts_weeks_from_the_start_date():
    assert program_week(START, date(2026, 3, 1)) == 0
    assert program_week(START, START) == 1
    assert program_week(START, date(2026, 3, 8)) == 1
    assert program_week(START, date(2026, 3, 9)) == 2
    assert program_week(START, date(2026, 3, 16)) == 3


def test_it_does_not_count_paused_days():
    events = [
        PlanEventRef("pause", date(2026, 3, 9), reason="Surgery", sequence=1),
        PlanEventRef("resume", date(2026, 3, 16), sequence=2),
    ]
    assert program_week(START, date(2026, 3, 16), events) == 2
    paused, reason, days = pause_state(events, date(2026, 3, 12))
    assert paused and reason == "Surgery" and days == 3


def test_it_shows_this_weeks_modules_and_locks_later_ones():
    plan = plan_for_day(MODULES, [], START, date(2026, 3, 16))
    assert plan.week == 3
    assert [m.module.id for m in plan.this_week()] == [4, 5]
    assert states(plan)[1] == AVAILABLE and states(plan)[6] == LOCKED


def test_it_hides_a_held_module_with_the_reason_until_released():
    hold = PlanEventRef(
        "hold", date(2026, 3, 16), module_id=4, reason="We will talk first", sequence=1
    )
    plan = plan_for_day(MODULES, [hold], START, date(2026, 3, 16))
    assert [m.module.id for m in plan.this_week()] == [5]
    assert [(m.module.id, m.reason) for m in plan.held()] == [(4, "We will talk first")]
    release = PlanEventRef("release", date(2026, 3, 17), module_id=4, sequence=2)
    assert states(plan_for_day(MODULES, [hold, release], START, date(2026, 3, 17)))[4] == AVAILABLE


def test_it_applies_a_hold_only_from_its_effective_date():
    hold = PlanEventRef("hold", date(2026, 3, 18), module_id=4, reason="later", sequence=1)
    assert states(plan_for_day(MODULES, [hold], START, date(2026, 3, 17)))[4] == AVAILABLE


def test_it_unlocks_early_and_skips():
    events = [
        PlanEventRef("unlock", date(2026, 3, 3), module_id=6, sequence=1),
        PlanEventRef("skip", date(2026, 3, 3), module_id=2, sequence=2),
    ]
    got = states(plan_for_day(MODULES, events, START, date(2026, 3, 3)))
    assert got[6] == AVAILABLE and got[2] == SKIPPED and got[3] == LOCKED


def test_it_marks_the_program_finished_after_the_last_week():
    plan = plan_for_day(MODULES, [], START, date(2026, 5, 25), weeks=12)
    assert plan.week == 13 and plan.finished and plan.display_week == 12


def test_it_reports_a_pause_in_progress():
    events = [PlanEventRef("pause", date(2026, 3, 10), reason="Holiday", sequence=1)]
    plan = plan_for_day(MODULES, events, START, date(2026, 3, 12))
    assert plan.paused and plan.pause_reason == "Holiday"
    assert HELD not in states(plan).values()


def test_it_keeps_a_module_already_done_open_even_when_it_now_sits_in_a_later_week():
    plan = plan_for_day(
        MODULES, [], START, date(2026, 3, 3), done=[6]
    )  # week 1; module 6 is week 4
    assert states(plan)[6] == AVAILABLE and states(plan)[4] == LOCKED
    held = [PlanEventRef("hold", date(2026, 3, 2), module_id=6, reason="Talk first", sequence=1)]
    assert states(plan_for_day(MODULES, held, START, date(2026, 3, 3), done=[6]))[6] == HELD
