"""The pause calendar: paused days are not missed, the week resumes where it was, and a pause with an
end date ends by itself (CLINICAL.md "Pause and after week 12")."""

from datetime import date, timedelta

from program.curriculum import (
    ModuleRef,
    PlanEventRef,
    current_pause,
    last_program_day,
    pause_state,
    paused_dates,
    plan_for_day,
    program_position,
)

START = date(2026, 3, 2)  # a Monday: week 2 starts on Monday 9 March
MODULES = [
    ModuleRef(1, "w2-a", 2, "education", 1, "W2 A"),
    ModuleRef(2, "w2-b", 2, "education", 2, "W2 B"),
    ModuleRef(3, "w3-a", 3, "education", 1, "W3 A"),
]


def pause(day: date, until: date | None, reason: str = "Holiday", sequence: int = 1):
    return PlanEventRef("pause", day, reason=reason, sequence=sequence, until=until)


def resume(day: date, sequence: int = 2):
    return PlanEventRef("resume", day, sequence=sequence)


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def test_it_ends_a_pause_by_itself_after_its_end_date_with_no_resume():
    events = [pause(date(2026, 3, 9), until=date(2026, 3, 15))]
    during = plan_for_day(MODULES, events, START, date(2026, 3, 12))
    assert during.paused and during.pause_reason == "Holiday"
    assert during.pause_until == date(2026, 3, 15)
    assert during.due_today() == during.due_earlier_this_week() == []
    after = plan_for_day(MODULES, events, START, date(2026, 3, 16))
    # The week resumes where it was: Monday 9 March was day 0 of week 2, and so is the 16th.
    assert not after.paused and (after.week, after.day) == (2, 0)
    assert [s.module.id for s in after.due_today()] == [1]
    assert paused_dates(events, date(2026, 3, 20)) == days(date(2026, 3, 9), date(2026, 3, 15))


def test_it_counts_the_end_date_itself_as_paused():
    events = [pause(date(2026, 3, 9), until=date(2026, 3, 15))]
    assert pause_state(events, date(2026, 3, 15)) == (True, "Holiday", 6)
    assert pause_state(events, date(2026, 3, 16)) == (False, "", 7)


def test_it_runs_again_from_the_day_of_an_early_resume():
    events = [pause(date(2026, 3, 9), until=date(2026, 3, 22)), resume(date(2026, 3, 12))]
    assert current_pause(events, date(2026, 3, 11)) is not None
    assert current_pause(events, date(2026, 3, 12)) is None
    assert program_position(START, date(2026, 3, 12), events) == (2, 0)
    assert paused_dates(events, date(2026, 3, 30)) == days(date(2026, 3, 9), date(2026, 3, 11))


def test_it_ignores_a_resume_that_comes_after_the_pause_has_ended_by_itself():
    events = [pause(date(2026, 3, 9), until=date(2026, 3, 10)), resume(date(2026, 3, 14))]
    assert paused_dates(events, date(2026, 3, 20)) == days(date(2026, 3, 9), date(2026, 3, 10))
    assert program_position(START, date(2026, 3, 14), events) == (2, 3)


def test_it_adds_up_two_pauses_and_keeps_each_reason():
    events = [
        pause(date(2026, 3, 9), until=date(2026, 3, 10), reason="A cold", sequence=1),
        pause(date(2026, 3, 20), until=date(2026, 3, 22), reason="Surgery", sequence=2),
    ]
    assert pause_state(events, date(2026, 3, 10))[:2] == (True, "A cold")
    assert pause_state(events, date(2026, 3, 15))[0] is False
    assert pause_state(events, date(2026, 3, 21))[:2] == (True, "Surgery")
    # 5 paused days: 25 March is day 23 - 5 = 18 of the program, i.e. day 4 of week 3.
    assert program_position(START, date(2026, 3, 25), events) == (3, 4)
    assert len(paused_dates(events, date(2026, 3, 31))) == 5


def test_it_keeps_one_pause_going_when_a_new_end_date_is_set_while_paused():
    events = [
        pause(date(2026, 3, 9), until=date(2026, 3, 12), reason="Holiday", sequence=1),
        pause(date(2026, 3, 11), until=date(2026, 3, 15), reason="Longer holiday", sequence=2),
    ]
    now = current_pause(events, date(2026, 3, 14))
    assert now is not None and (now.first_day, now.last_day) == (
        date(2026, 3, 9),
        date(2026, 3, 15),
    )
    assert now.reason == "Longer holiday" and now.sequence == 2
    assert paused_dates(events, date(2026, 3, 20)) == days(date(2026, 3, 9), date(2026, 3, 15))


def test_it_pauses_no_day_when_resumed_on_the_day_it_began():
    events = [pause(date(2026, 3, 9), until=date(2026, 3, 20)), resume(date(2026, 3, 9))]
    assert paused_dates(events, date(2026, 3, 31)) == set()
    assert program_position(START, date(2026, 3, 9), events) == (2, 0)


def test_it_keeps_a_pause_without_an_end_date_until_it_is_resumed():
    events = [pause(date(2026, 3, 9), until=None)]
    long_after = date(2026, 6, 1)
    assert current_pause(events, long_after).last_day is None
    assert plan_for_day(MODULES, events, START, long_after).week == 2
    assert len(paused_dates(events, date(2026, 3, 18))) == 10


def test_it_does_not_look_at_a_pause_that_starts_after_the_day_asked_about():
    events = [pause(date(2026, 3, 20), until=date(2026, 3, 25))]
    assert current_pause(events, date(2026, 3, 19)) is None
    assert program_position(START, date(2026, 3, 19), events) == (3, 3)


def test_it_moves_the_programs_last_day_by_the_days_paused():
    assert last_program_day(START, []) == date(2026, 5, 24)  # 84 days from Monday 2 March
    events = [pause(date(2026, 3, 9), until=date(2026, 3, 15))]
    assert last_program_day(START, events) == date(2026, 5, 31)
    resumed = [*events, resume(date(2026, 3, 12))]
    assert last_program_day(START, resumed) == date(2026, 5, 27)


def test_it_does_not_know_the_last_day_before_week_1_or_during_an_open_ended_pause():
    assert last_program_day(None, []) is None
    assert last_program_day(START, [pause(date(2026, 3, 9), until=None)]) is None
