"""Adherence: of what the program made due in the 14 days ending yesterday, how much was done."""

from datetime import date, timedelta

from program.adherence import adherence, due_items, window
from program.curriculum import PlanEventRef

TODAY = date(2026, 3, 18)
OFFSETS = {1: 0, 2: 3, 3: 7, 4: 10, 5: 14, 6: 17}  # lessons on days 0 and 3 of weeks 1-3


def due(**kw):
    kw.setdefault("events", ())
    return due_items(today=TODAY, offsets=OFFSETS, **kw)


def test_it_counts_the_14_days_that_ended_yesterday():
    assert window(TODAY) == (date(2026, 3, 4), date(2026, 3, 17))
    items = due(start_date=date(2026, 1, 1), week1_start=date(2026, 3, 4))
    assert len(items.check_in_days) == 14 and TODAY not in items.check_in_days
    # Lessons on program days 0-13 and the PEG of week 1 and week 2 (their last days: 6, 13).
    assert items.lessons == {1, 2, 3, 4}
    assert items.questionnaires == {("PEG", 1), ("PEG", 2)}


def test_it_asks_nothing_before_enrolment_and_only_check_ins_in_the_baseline_week():
    items = due(start_date=date(2026, 3, 15), week1_start=None)
    assert sorted(items.check_in_days) == [date(2026, 3, 15), date(2026, 3, 16), date(2026, 3, 17)]
    assert not items.lessons and not items.questionnaires


def test_it_leaves_paused_days_held_and_skipped_lessons_out():
    pause = [
        PlanEventRef("pause", date(2026, 3, 10), None, "", 1),
        PlanEventRef("resume", date(2026, 3, 14), None, "", 2),
        PlanEventRef("hold", date(2026, 3, 4), 2, "", 3),
    ]
    items = due(start_date=date(2026, 3, 4), week1_start=date(2026, 3, 4), events=pause)
    assert len(items.check_in_days) == 10  # 4 paused days out
    # Open days are program days 0-9 (the pause moves day 10 to today): lessons 1, 2 and 3 fall
    # due, and 2 is on hold.
    assert items.lessons == {1, 3}


def test_it_counts_done_items_by_the_end_of_the_window():
    items = due(start_date=date(2026, 3, 4), week1_start=date(2026, 3, 4))
    days = sorted(items.check_in_days)
    result = adherence(
        items,
        check_in_dates=days[:7] + [TODAY],  # today's check-in is not in the window
        completed={1: date(2026, 3, 4), 2: TODAY, 3: date(2026, 3, 12)},
        responses={("PEG", 1), ("PHQ9", 1)},
    )
    assert (result.due, result.done) == (14 + 4 + 2, 7 + 2 + 1)
    assert round(result.share, 2) == 0.5


def test_it_has_no_share_when_nothing_was_due():
    items = due(start_date=TODAY + timedelta(days=1), week1_start=None)
    assert adherence(items, check_in_dates=(), completed={}, responses=()).share is None
