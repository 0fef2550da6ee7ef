"""The cohort run's screen (program/rules/screen.py) decides as the full evaluation does.

Random small cohorts (PEGs with retakes on one day, check-ins with gaps, PHQ-9 and GAD-7 totals
around the lines, mixed time zones), on several days, before and after the flags are open: the
run with the screen must write exactly what the run that evaluates everyone in full writes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from core.clock import utcnow
from db import rules
from db.engine import read_session, write_session
from db.models import CheckIn, QuestionnaireResponse
from program.rules.tuning import numbers
from tests.utils import make_patient, make_user

START = date(2026, 1, 5)
ZONES = ("America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Asia/Tokyo")


def _cohort(seed: int, size: int = 12) -> None:
    rnd = random.Random(seed)
    coord = make_user(f"coord{seed}", ["coordinator"])
    for n in range(size):
        patient = make_patient(
            f"P{seed}x{n}", start=START, coordinator=coord, timezone=rnd.choice(ZONES)
        )
        with write_session() as session:
            baseline = rnd.choice((2.0, 4.0, 6.0, 7.5))
            for week in range(0, 11):
                if week and rnd.random() < 0.2:
                    continue  # a week without a PEG
                day = START + timedelta(days=7 * max(week - 1, 0) + rnd.randrange(7))
                for _ in range(rnd.choice((1, 1, 2))):  # sometimes a retake the same day
                    total = round(max(0.0, baseline + rnd.uniform(-3, 3)), 2)
                    session.add(_answer(patient.id, "PEG", total, week, day))
            for code in ("PHQ9", "GAD7"):
                for week in (0, 4, 8):
                    if rnd.random() < 0.7:
                        day = START + timedelta(days=7 * max(week - 1, 0) + rnd.randrange(7))
                        session.add(_answer(patient.id, code, rnd.randrange(6, 22), week, day))
            gap = rnd.randrange(0, 12)
            for offset in range(0, 75):
                if rnd.random() < 0.8 and not 60 <= offset < 60 + gap:
                    session.add(
                        CheckIn(
                            patient_id=patient.id,
                            local_date=START - timedelta(days=7) + timedelta(days=offset),
                            pain=rnd.randrange(0, 11),
                            sleep_quality=3,
                            mood=3,
                            stress=3,
                        )
                    )


def _answer(patient_id: int, code: str, total: float, week: int, day: date):
    return QuestionnaireResponse(
        patient_id=patient_id,
        instrument=code,
        answers={"1": 0},
        total=total,
        program_week=week,
        local_date=day,
    )


def _writes(as_of: date | None, *, screen: bool) -> set:
    with read_session() as session:
        writes, _, failed, checked = rules.plan_writes(session, as_of, utcnow(), screen=screen)
    assert not failed and checked
    return {
        (p, s.rule, s.dedupe_key, s.severity, s.explanation, s.patient_explanation,
         repr(sorted(numbers(s.inputs).items())))
        for p, specs in writes
        for s in specs
    }  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_writes_what_the_full_evaluation_writes_on_random_cohorts(db, frozen, seed):
    _cohort(seed)
    days = [None, date(2026, 2, 20), date(2026, 3, 10), date(2026, 3, 18), date(2026, 4, 1)]
    for day in days:
        assert _writes(day, screen=True) == _writes(day, screen=False), day
    rules.run_all(date(2026, 3, 10))  # flags open: now the screen must see what changed
    for day in days:
        full = _writes(day, screen=False)
        assert _writes(day, screen=True) == full, day
    assert full, "the cohort fires something"
