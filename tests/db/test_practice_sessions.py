"""Breathing and mindfulness practice in the store: minutes recorded, on the patient's own dates."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.actions import InvalidInput, record_practice
from db.engine import get_engine
from db.models import PracticeSession
from db.queries import practice_for_patient
from tests.utils import actor_for, make_patient, rows


@pytest.fixture
def ana(db, frozen):
    make_patient("Ana", username="ana", start=date(2026, 3, 2))  # week 3 on 2026-03-18
    return actor_for("ana")


def test_it_records_a_breathing_session_with_its_pace_and_whether_it_ran_to_the_end(ana):
    record_practice(actor=ana, kind="breathing", minutes=10, completed=True, breaths_per_minute=6)
    record_practice(actor=ana, kind="breathing", minutes=2, completed=False, breaths_per_minute=5)
    assert [
        (s.kind, s.minutes, s.breaths_per_minute, s.completed) for s in rows(PracticeSession)
    ] == [
        ("breathing", 10, 6, True),
        ("breathing", 2, 5, False),
    ]


def test_it_records_a_guided_practice_without_a_pace(ana):
    record_practice(actor=ana, kind="body_scan", minutes=8, completed=True)
    record_practice(actor=ana, kind="noticing", minutes=5, completed=True)
    assert [(s.kind, s.breaths_per_minute) for s in rows(PracticeSession)] == [
        ("body_scan", None),
        ("noticing", None),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "breathing", "minutes": 5, "breaths_per_minute": 9}, "from 4 to 7 breaths"),
        ({"kind": "breathing", "minutes": 5}, "from 4 to 7 breaths"),
        ({"kind": "body_scan", "minutes": 5, "breaths_per_minute": 6}, "Only slow breathing"),
        ({"kind": "yoga", "minutes": 5}, "Please choose a practice"),
        ({"kind": "noticing", "minutes": 0}, "from 1 to 60"),
        ({"kind": "noticing", "minutes": 61}, "from 1 to 60"),
    ],
)
def test_it_refuses_a_practice_it_cannot_record_and_saves_nothing(ana, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        record_practice(actor=ana, completed=True, **kwargs)
    assert rows(PracticeSession) == []


def test_it_adds_up_minutes_this_week_and_by_program_week(ana):
    record_practice(
        actor=ana,
        kind="breathing",
        minutes=5,
        completed=True,
        breaths_per_minute=6,
        now=datetime(2026, 3, 10, 14, tzinfo=UTC),  # week 2
    )
    record_practice(actor=ana, kind="body_scan", minutes=10, completed=True)  # week 3
    record_practice(actor=ana, kind="noticing", minutes=3, completed=False)
    view = practice_for_patient(actor=ana)
    assert (view.total_minutes, view.sessions, view.this_week_minutes) == (18, 3, 13)
    assert view.minutes_by_week == {2: 5, 3: 13}


def test_it_dates_a_session_by_the_patients_own_calendar(db, frozen):
    make_patient("Kai", username="kai", timezone="Pacific/Auckland", start=date(2026, 3, 2))
    record_practice(actor=actor_for("kai"), kind="noticing", minutes=4, completed=True)
    assert [s.local_date for s in rows(PracticeSession)] == [date(2026, 3, 19)]  # 04:00 there


def test_it_refuses_a_breathing_row_without_a_pace_from_any_writer(ana):
    insert = text(
        "INSERT INTO practicesession (patient_id, local_date, kind, minutes, breaths_per_minute,"
        " completed, created_at) VALUES (:p, :d, :k, 5, :b, true, :t)"
    )
    values = {"p": ana.patient_id, "d": date(2026, 3, 18), "t": datetime(2026, 3, 18, tzinfo=UTC)}
    for kind, pace in (("breathing", None), ("body_scan", 6), ("yoga", None)):
        with pytest.raises(IntegrityError), get_engine().begin() as conn:
            conn.execute(insert, {**values, "k": kind, "b": pace})
    with get_engine().begin() as conn:
        conn.execute(insert, {**values, "k": "breathing", "b": 6})
    assert len(rows(PracticeSession)) == 1
