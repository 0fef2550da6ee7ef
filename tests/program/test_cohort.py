"""The synthetic cohort's patients: reproducible from a seed, and shaped like a clinic's."""

from collections import Counter
from datetime import date, timedelta

from program.cohort import (
    DROPPING_OUT,
    IMPROVING,
    WORSENING,
    staff_names,
    synthetic_patient,
)
from program.measures import schedule_due

TODAY = date(2026, 3, 18)


def test_it_gives_the_same_patient_for_the_same_seed_and_number():
    assert synthetic_patient(3, 41, today=TODAY, days=90) == synthetic_patient(
        3, 41, today=TODAY, days=90
    )
    assert synthetic_patient(3, 41, today=TODAY, days=90) != synthetic_patient(
        4, 41, today=TODAY, days=90
    )


def test_it_mixes_trajectories_and_misses_days():
    people = [synthetic_patient(1, n, today=TODAY, days=120) for n in range(300)]
    shares = Counter(p.trajectory for p in people)
    assert {IMPROVING, WORSENING, DROPPING_OUT} <= set(shares) and shares[IMPROVING] > 60
    days = sum(len(p.check_ins) for p in people) / (300 * 120)
    assert 0.6 < days < 0.95  # missing days, never every day
    assert all(p.start_date == TODAY - timedelta(days=119) for p in people)
    assert all(c.local_date <= TODAY for p in people for c in p.check_ins)


def test_it_lowers_the_pain_of_improving_patients_and_raises_the_worsening():
    def change(p):
        first = [c.pain for c in p.check_ins[:7]]
        last = [c.pain for c in p.check_ins[-14:]]
        return sum(last) / len(last) - sum(first) / len(first)

    people = [synthetic_patient(2, n, today=TODAY, days=120) for n in range(200)]
    better = [change(p) for p in people if p.trajectory == IMPROVING]
    worse = [change(p) for p in people if p.trajectory == WORSENING]
    assert sum(better) / len(better) < -1 and sum(worse) / len(worse) > 1


def test_it_asks_the_questionnaires_the_schedule_asks_and_stops_when_a_patient_drops_out():
    people = [synthetic_patient(6, n, today=TODAY, days=100) for n in range(100)]
    for p in people:
        for q in p.questionnaires:
            assert schedule_due(q.instrument, q.program_week), q
    gone = [p for p in people if p.trajectory == DROPPING_OUT]
    assert gone and all(p.check_ins[-1].local_date < TODAY - timedelta(days=1) for p in gone)


def test_it_names_staff_without_repeating_a_name():
    names = staff_names(30)
    assert len(set(names)) == 30
