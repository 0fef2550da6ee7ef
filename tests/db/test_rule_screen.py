"""The cohort run's screen (program/rules/screen.py) decides as the full evaluation does.

Random small cohorts (PEGs with retakes on one day, check-ins with gaps, some of them paused and
resumed, PHQ-9 and GAD-7 totals around the lines, mixed time zones), on several days, before and after the flags are open: the
run with the screen must write exactly what the run that evaluates everyone in full writes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlmodel import select

from core.clock import utcnow
from db import rules
from db.engine import read_session, write_session
from db.models import CheckIn, Enrolment, PlanEvent, QuestionnaireResponse
from program.rules.tuning import numbers
from program.vocabulary import PlanEventKind
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
            if rnd.random() < 0.5:  # after the last check-in, a pause of a few days, then over
                _pause(
                    session, patient.id, coord.id, START + timedelta(days=69), rnd.randrange(3, 12)
                )


def _pause(session, patient_id: int, actor_id: int, first: date, days: int) -> None:
    enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == patient_id)).one()
    for kind, day in (
        (PlanEventKind.PAUSE, first),
        (PlanEventKind.RESUME, first + timedelta(days)),
    ):
        session.add(PlanEvent(enrolment_id=enrolment.id, kind=kind, effective_date=day,
                              reason="Test.", actor_id=actor_id))  # fmt: skip


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
    days = [None, *(date(2026, *m_d) for m_d in ((2, 20), (3, 10), (3, 18), (3, 26), (4, 1)))]
    for day in days:
        assert _writes(day, screen=True) == _writes(day, screen=False), day
    rules.run_all(date(2026, 3, 10))  # flags open: now the screen must see what changed
    for day in days:
        full = _writes(day, screen=False)
        assert _writes(day, screen=True) == full, day
    assert full, "the cohort fires something"


def test_it_screens_a_rise_of_exactly_two_points_in_daily_pain_as_worsening(db, frozen):
    # The baseline week's mean 14/3 and the 7-day mean 20/3 are exactly 2 points apart: the screen
    # rounded the baseline to 4.67 first, found a rise of 1.997 and spared the patient the full
    # evaluation that opens the flag.
    patient = make_patient("Exact", start=START, coordinator=make_user("coord", ["coordinator"]))
    with write_session() as session:
        enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == patient.id)).one()
        enrolment.start_date = START - timedelta(days=2)
        session.add(enrolment)
        for offset, pain in enumerate((4, 5, 5, 6, 7, 7), start=-2):
            day = START + timedelta(days=offset)
            session.add(CheckIn(patient_id=patient.id, local_date=day, pain=pain,
                                sleep_quality=3, mood=3, stress=3))  # fmt: skip
    day = START + timedelta(days=3)
    screened = _writes(day, screen=True)
    assert screened == _writes(day, screen=False)
    assert [w[1] for w in screened] == ["worsening"]
