"""The loop bench's independent truth (bench/loop_truth.py) on a hand-made cohort whose first days
are worked out by hand from CLINICAL.md: if it is wrong, the bench's "same day" means nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from bench.loop_truth import first_days

START = date(2026, 1, 1)
LAST = date(2026, 2, 6)


def _d(day: int) -> date:
    return START + timedelta(days=day - 1)  # _d(1) is 1 January


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _cohort() -> tuple[pd.DataFrame, ...]:
    patients = pd.DataFrame(
        [(1, START, _d(4)), (2, START, None), (3, START, None), (4, START, _d(2))],
        columns=["patient_id", "start_date", "week1_start"],
    )
    check_ins = [
        # 1: the baseline 3, 3, 3 and 1 on the 4th, the day it completes (week1_start): mean 2.5;
        # then 5, 4, 5 (three check-ins after it by the 7th: mean 4.67), then 4 a day.
        *(
            (1, day, pain)
            for day, pain in zip(_days(START, _d(7)), (3, 3, 3, 1, 5, 4, 5), strict=True)
        ),
        *((1, day, 4) for day in _days(_d(8), LAST)),
        (2, START, 4),  # 2: checks in once, then nothing
        *((3, day, 4) for day in _days(START, _d(3))),  # 3: three days, then a pause, then silence
        *((4, day, 6) for day in _days(START, LAST)),  # 4: every day, steady
    ]
    questionnaires = [
        (2, "PHQ9", 0, _d(2), 12.0),  # routine line: the care team only
        (2, "PHQ9", 1, _d(10), 16.0),  # the soon line: the patient's prompt too
        (4, "PEG", 0, START, 6.0),
        # 4: weekly PEGs of 5.5 (an 8% fall) on each week's first day; week 6 begins 6 February.
        *((4, "PEG", week, _d(2) + timedelta(days=7 * (week - 1)), 5.5) for week in range(1, 7)),
    ]
    return (
        patients,
        pd.DataFrame(check_ins, columns=["patient_id", "local_date", "pain"]),
        pd.DataFrame(
            questionnaires,
            columns=["patient_id", "instrument", "program_week", "local_date", "total"],
        ),
        pd.DataFrame([(3, _d(4), _d(10))], columns=["patient_id", "first_day", "last_day"]),
    )


def test_it_finds_each_rules_first_day_from_clinical_md_alone():
    found = first_days(*_cohort(), LAST)

    got = {(r.patient_id, r.rule, r.where, r.day) for r in found.itertuples()}
    assert got == {
        # 4.67 on the 7th vs the baseline's 2.5 (2.17 above; without the 4th's 1 it is 1.67).
        (1, "worsening", "queue", _d(7)),
        (1, "worsening", "today", _d(7)),
        (2, "mood:PHQ9", "queue", _d(2)),
        (2, "mood:PHQ9", "today", _d(10)),
        (2, "low_adherence", "queue", _d(6)),  # nothing on the 2nd to the 6th: five days
        # The paused 4th-10th do not count as missed: five unpaused days end on the 15th.
        (3, "low_adherence", "queue", _d(15)),
        # Week 6 on 6 February, two weekly PEGs after a baseline of 6, an 8% fall.
        (4, "persisting", "queue", LAST),
        (4, "persisting", "today", LAST),
    }
