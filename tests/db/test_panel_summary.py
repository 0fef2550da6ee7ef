"""The panel's PatientSummary: kept current in the same transaction as the write that changes it
(a failed save leaves it as it was), written by the synthetic cohort's bulk load, and the panel's
windows stay right for a patient whose rows are dated weeks ahead of their strip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from db.actions import record_check_in
from db.engine import read_session, write_session
from db.models import CheckIn, PatientSummary, QuestionnaireResponse
from db.panel_summary import refresh_summaries
from db.queries import panel_for_staff
from db.seed_cohort import seed_cohort
from tests.conftest import FROZEN_NOW
from tests.utils import actor_for, make_patient, make_user, rows

ANSWERS = dict(sleep_quality=3, mood=3, stress=2, flare=False, medicines_changed=False)
TODAY = date(2026, 3, 18)  # FROZEN_NOW in New York


@pytest.fixture
def ana(db, frozen):
    coord = make_user("coord", ["coordinator"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=coord)
    return actor_for("ana")


def summary(patient_id: int) -> PatientSummary | None:
    with read_session() as session:
        return session.get(PatientSummary, patient_id)


def test_it_updates_the_summary_in_the_same_transaction_as_a_check_in_saved_in_the_app(ana):
    record_check_in(actor=ana, pain=4, **ANSWERS)
    first = summary(ana.patient_id)
    assert (first.last_check_in, first.recent_pain[:2]) == (TODAY, "4.")
    record_check_in(actor=ana, pain=10, **ANSWERS)  # saved again the same day: an update
    assert summary(ana.patient_id).recent_pain[:2] == "A."


def test_it_leaves_the_summary_unchanged_when_the_save_fails_after_writing_it(ana):
    record_check_in(actor=ana, pain=4, **ANSWERS)
    with write_session() as session:  # the save fails after its check-in row (and summary)
        session.execute(text("DROP TABLE checkindraft"))
    with pytest.raises(Exception, match="checkindraft"):
        record_check_in(actor=ana, pain=9, **ANSWERS)
    assert [c.pain for c in rows(CheckIn)] == [4]
    assert summary(ana.patient_id).recent_pain[:2] == "4."


def _add_check_ins(patient_id: int, pains: dict[int, int]) -> None:
    """Check-ins ``days back -> pain`` written straight through the ORM (not the action)."""
    with write_session() as session:
        for back, pain in pains.items():
            session.add(
                CheckIn(
                    patient_id=patient_id,
                    local_date=TODAY - timedelta(days=back),
                    pain=pain,
                    sleep_quality=3,
                    mood=3,
                    stress=3,
                )
            )


def _add_pegs(patient_id: int, weeks: list[int]) -> None:
    with write_session() as session:
        for week in weeks:
            session.add(
                QuestionnaireResponse(
                    patient_id=patient_id,
                    instrument="PEG",
                    answers={"1": 4, "2": 4, "3": 4},
                    total=4.0,
                    program_week=week,
                    local_date=TODAY - timedelta(days=3),
                    taken_at=FROZEN_NOW,
                )
            )


def test_it_counts_todays_windows_for_a_patient_with_rows_dated_weeks_ahead(ana):
    # Week 3 today: the 14 days ending yesterday end weeks 1 and 2, whose PEGs are due.
    _add_check_ins(ana.patient_id, {0: 2, 1: 4, 2: 6, 3: 8, 9: 5})
    _add_pegs(ana.patient_id, [1, 2])
    before = panel_for_staff(actor=actor_for("coord")).iloc[0]
    _add_check_ins(ana.patient_id, {-40: 9})  # forty days ahead: the pain strip ends there
    _add_pegs(ana.patient_id, [20])  # and the answered weeks' strip ends on week 20
    after = panel_for_staff(actor=actor_for("coord")).iloc[0]
    # Check-ins yesterday, 2, 3 and 9 days back, and both PEGs.
    expected = (5.0, TODAY, 6)
    assert (before["mean_pain_7d"], before["last_check_in"], before["items_done"]) == expected
    assert (after["mean_pain_7d"], after["last_check_in"], after["items_done"]) == expected


def test_it_writes_each_synthetic_patients_summary_as_a_save_would(db, frozen):
    seed_cohort(patients=12, days=40, seed=3, panels=(6,), now=FROZEN_NOW, run_rules=False)
    with read_session() as session:
        written = {s.patient_id: s.model_dump() for s in session.exec(select(PatientSummary))}
    with write_session() as session:
        refresh_summaries(session.connection())  # afresh, from every patient's own rows
    with read_session() as session:
        afresh = {s.patient_id: s.model_dump() for s in session.exec(select(PatientSummary))}
    assert len(written) == 12 and written == afresh


def test_it_backfills_every_patients_summary_when_migrating_an_existing_clinic(tmp_path):
    import sqlite3

    from alembic import command

    from db.migrate import alembic_config

    path = tmp_path / "clinic.db"
    config = alembic_config(f"sqlite:///{path}")
    command.upgrade(config, "0019_panel")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO patient (id, given_name, family_name, date_of_birth, record_number,"
            " preferred_contact, timezone, created_at)"
            " VALUES (1, 'Ana', 'Test', '1980-01-01', 'R1', 'phone', 'UTC', '2026-01-01')"
        )
        for day, pain in (("2026-03-16", 3), ("2026-03-18", 10)):
            conn.execute(
                "INSERT INTO checkin (patient_id, local_date, pain, sleep_quality, mood, stress,"
                " flare, medicines_changed, anything_new, warning_signs, created_at, updated_at)"
                " VALUES (1, ?, ?, 3, 3, 3, 0, 0, 0, '[]', ?, ?)",
                (day, pain, day, day),
            )
    command.upgrade(config, "head")
    with sqlite3.connect(path) as conn:
        assert conn.execute(
            "SELECT patient_id, last_check_in, substr(recent_pain, 1, 4) FROM patientsummary"
        ).fetchall() == [(1, "2026-03-18", "A.3.")]
