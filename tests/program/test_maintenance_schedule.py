"""After week 12 the maintenance plan keeps its safety net: PEG every week, PHQ-9 and GAD-7 every
4 weeks (CLINICAL.md), while the CSI belongs to the 12 weeks only."""

import pytest

from program.measures import schedule_due, weeks_until_due
from program.onboarding import due_instruments


@pytest.mark.parametrize(
    ("week", "due"),
    [
        (12, ["PEG", "CSI", "PHQ9", "GAD7"]),
        (13, ["PEG"]),
        (15, ["PEG"]),
        (16, ["PEG", "PHQ9", "GAD7"]),
        (18, ["PEG"]),
        (20, ["PEG", "PHQ9", "GAD7"]),
        (52, ["PEG", "PHQ9", "GAD7"]),
    ],
)
def test_it_keeps_weekly_peg_and_four_weekly_mood_questions_after_week_12(week, due):
    assert due_instruments(week, completed=()) == due


def test_it_never_asks_the_csi_again_after_week_12():
    assert [w for w in range(13, 80) if schedule_due("CSI", w)] == []
    assert weeks_until_due("CSI", 13) is None
    assert weeks_until_due("CSI", 7) == 5


@pytest.mark.parametrize(("week", "weeks"), [(12, 0), (13, 3), (14, 2), (15, 1), (16, 0), (17, 3)])
def test_it_counts_the_weeks_to_the_next_mood_questions(week, weeks):
    assert weeks_until_due("PHQ9", week) == weeks_until_due("GAD7", week) == weeks


def test_it_asks_the_peg_every_week_in_and_after_the_program():
    assert all(schedule_due("PEG", w) for w in range(0, 60))
    assert weeks_until_due("PEG", 30) == 0
