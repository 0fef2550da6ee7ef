"""The medicine-change note the patient was told "your care team will read" reaches the care team."""

from datetime import UTC, date, datetime, timedelta

import pytest

from db.actions import record_check_in, resolve_flag
from db.queries import flags_for_staff
from tests.utils import actor_for, make_patient, make_user

ANSWERS = dict(pain=4, sleep_quality=3, mood=3, stress=2, flare=False)
MONDAY = datetime(2026, 3, 16, 15, 0, tzinfo=UTC)  # 11:00 in New York


@pytest.fixture
def team(db, frozen):
    coordinator = make_user("coord", ["coordinator"])
    make_user("coord-off", ["coordinator"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=coordinator)
    return actor_for("ana"), actor_for("coord")


def check_in(patient, when: datetime, note: str | None, frozen) -> None:
    frozen.move_to(when)
    record_check_in(actor=patient, now=when, medicines_changed=True, medicines_note=note, **ANSWERS)


def medicine_flags(actor, **kw):
    return [f for f in flags_for_staff(actor=actor, **kw) if f.rule == "medicines_changed"]


def notes(flag) -> list[tuple[date, str]]:
    return [(n.local_date, n.text) for n in flag.patient_notes]


def test_it_gives_staff_the_patients_medicine_note_with_the_flag(team, frozen):
    patient, coordinator = team
    check_in(patient, MONDAY, "My GP started me on a new sleep tablet.", frozen)
    [flag] = medicine_flags(coordinator)
    assert notes(flag) == [(date(2026, 3, 16), "My GP started me on a new sleep tablet.")]


def test_it_keeps_every_note_of_one_flag_episode_oldest_first(team, frozen):
    patient, coordinator = team
    check_in(patient, MONDAY, "Stopped the ibuprofen.", frozen)
    check_in(patient, MONDAY + timedelta(days=2), "Started a new tablet.", frozen)
    [flag] = medicine_flags(coordinator)
    assert notes(flag) == [
        (date(2026, 3, 16), "Stopped the ibuprofen."),
        (date(2026, 3, 18), "Started a new tablet."),
    ]


def test_it_shows_a_later_note_only_on_the_new_flag_after_the_first_was_resolved(team, frozen):
    patient, coordinator = team
    check_in(patient, MONDAY, "Stopped the ibuprofen.", frozen)
    [first] = medicine_flags(coordinator)
    resolve_flag(actor=coordinator, flag_id=first.id, note="Discussed with the patient.")
    check_in(patient, MONDAY + timedelta(days=3), "Started a new tablet.", frozen)

    [open_flag] = medicine_flags(coordinator)
    assert notes(open_flag) == [(date(2026, 3, 19), "Started a new tablet.")]
    [resolved] = [f for f in medicine_flags(coordinator, include_resolved=True) if f.id == first.id]
    assert notes(resolved) == [(date(2026, 3, 16), "Stopped the ibuprofen.")]


def test_it_shows_no_note_to_staff_off_the_care_team(team, frozen):
    patient, _ = team
    check_in(patient, MONDAY, "Stopped the ibuprofen.", frozen)
    assert medicine_flags(actor_for("coord-off")) == []
