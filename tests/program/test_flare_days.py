"""Flare days follow CLINICAL.md: a reported flare, or two high-pain days running.

A day's pain is high when it is at least 2 points above the mean of the 7 days before it (the day
itself not counted), and only when at least 3 of those 7 days have a check-in.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from program.movement import flare_days

DAY0 = date(2026, 3, 2)


@dataclass(frozen=True)
class CheckIn:
    pain: int | None
    flare: bool = False


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def pains(values: dict[int, int | None], reported: set[int] = frozenset()) -> dict[date, CheckIn]:
    return {day(n): CheckIn(pain=p, flare=n in reported) for n, p in values.items()}


def test_it_counts_a_reported_flare_whatever_the_pain():
    assert flare_days(pains({0: 1}, reported={0})) == {day(0)}


def test_it_counts_both_of_two_high_pain_days_running():
    check_ins = pains({0: 3, 1: 3, 2: 3, 3: 6, 4: 6, 5: 3})
    assert flare_days(check_ins) == {day(3), day(4)}


def test_it_does_not_count_a_single_high_pain_day():
    assert flare_days(pains({0: 3, 1: 3, 2: 3, 3: 6, 4: 3})) == set()


def test_it_needs_two_high_days_on_consecutive_dates_not_two_check_ins_in_a_row():
    # Days 3 and 5 are both high, but day 4 has no check-in: not two days running.
    assert flare_days(pains({0: 3, 1: 3, 2: 3, 3: 6, 5: 6})) == set()


def test_it_needs_three_check_ins_among_the_seven_days_before():
    two_before = pains({0: 2, 1: 2, 5: 9, 6: 9})
    assert flare_days(two_before) == set()  # day 5 has only two days before it: not judged
    three_before = pains({0: 2, 1: 2, 2: 2, 5: 9, 6: 9})
    assert flare_days(three_before) == {day(5), day(6)}


def test_it_looks_back_seven_days_and_no_further():
    # Days 0-2 are 8 or more days before day 10: the 7 days before it (3-9) have no check-in.
    assert flare_days(pains({0: 2, 1: 2, 2: 2, 10: 9, 11: 9})) == set()


def test_it_counts_a_rise_of_exactly_two_points_and_not_less():
    # Mean 2.0 before day 3; day 4's mean includes day 3: (2 + 2 + 2 + 4) / 4 = 2.5.
    assert flare_days(pains({0: 2, 1: 2, 2: 2, 3: 4, 4: 5})) == {day(3), day(4)}
    assert flare_days(pains({0: 2, 1: 2, 2: 2, 3: 4, 4: 4})) == set()  # 4 < 2.5 + 2


def test_it_leaves_the_day_itself_out_of_its_own_mean():
    # With day 3 in its own mean, (2+2+2+4)/4 = 2.5 and 4 would not be 2 above it.
    assert day(3) in flare_days(pains({0: 2, 1: 2, 2: 2, 3: 4, 4: 5}))


def test_it_skips_a_check_in_without_a_pain_answer():
    check_ins = pains({0: 3, 1: 3, 2: None, 3: 6, 4: 6})
    assert flare_days(check_ins) == set()  # only two pain answers before day 3


def test_it_joins_reported_and_pain_flares():
    check_ins = pains({0: 3, 1: 3, 2: 3, 3: 6, 4: 6, 8: 3}, reported={8})
    assert flare_days(check_ins) == {day(3), day(4), day(8)}
