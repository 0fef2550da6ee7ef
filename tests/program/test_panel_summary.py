"""The panel summary's pure parts: the strips it keeps and the day-dependent values counted from
them for each patient's own date (program/panel_summary.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

from program.panel_summary import (
    RECENT_DAYS,
    answered_strip,
    pain_strip,
    peg_ends,
    questionnaires_answered,
    recent_values,
)

LAST = date(2026, 3, 18)


def days(*values) -> np.ndarray:
    return np.array([np.datetime64(v) if v else np.datetime64("NaT") for v in values], "M8[D]")


def test_it_keeps_the_pain_of_each_day_newest_first_with_a_dot_for_no_check_in():
    strip = pain_strip(LAST, {LAST: 10, LAST - timedelta(days=2): 3, LAST - timedelta(days=40): 7})
    assert strip == "A.3" + "." * (RECENT_DAYS - 3)  # forty days back is not kept


def test_it_gives_the_7_day_mean_and_the_windows_check_ins_for_each_patients_own_date():
    strip = pain_strip(LAST, {LAST - timedelta(days=n): n % 11 for n in range(20)})  # n back: n
    # The first patient's today is the day after the last check-in; the second's is LAST.
    mean, done = recent_values(
        today=days(LAST + timedelta(days=1), LAST),
        start=days(None, LAST - timedelta(days=3)),
        anchor=days(LAST, LAST),
        strips=[strip, strip],
    )
    assert mean[0] == np.mean([0, 1, 2, 3, 4, 5])  # LAST .. 5 days back; nothing today
    assert done[0] == 14  # the 14 days ending yesterday (LAST)
    assert mean[1] == np.mean([0, 1, 2, 3])  # never before the enrolment's start
    assert done[1] == 3  # start .. yesterday


def test_it_gives_no_mean_from_fewer_check_ins_than_progress_needs():
    mean, done = recent_values(
        today=days(LAST, None),
        start=days(None, None),
        anchor=days(LAST, None),  # the second patient never checked in
        strips=[pain_strip(LAST, {LAST: 4, LAST - timedelta(days=1): 6}), None],
    )
    assert np.isnan(mean).all() and list(done) == [1, 0]


def test_it_takes_the_latest_answer_of_the_lowest_and_the_highest_week():
    at = datetime(2026, 3, 1, tzinfo=UTC)
    ends = peg_ends([(2, at, 5.0), (0, at, 7.0), (0, at + timedelta(hours=1), 6.0), (5, at, 3.0)])
    assert ends == (6.0, 0, 3.0, 5)
    assert peg_ends([]) == (None, None, None, None)


def test_it_counts_only_the_scheduled_questionnaires_answered_for_the_weeks_due():
    # Weeks 3 and 4 due: the PEG both weeks, PHQ-9 and GAD-7 in week 4; a CSI is not due then.
    strip = answered_strip(5, [("PEG", 3), ("CSI", 4), ("PHQ9", 4), ("PEG", 5), ("GAD7", 1)])
    done = questionnaires_answered(
        np.array([5.0, np.nan]), [strip, None], np.array([3.0, 3.0]), np.array([4.0, 4.0])
    )
    assert list(done) == [2, 0]  # PEG week 3 and PHQ-9 week 4
