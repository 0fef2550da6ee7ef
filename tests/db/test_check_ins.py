from datetime import UTC, date, datetime

import pytest

from db.access import AccessDenied
from db.actions import InvalidInput, record_check_in
from db.models import AuditEvent, CheckIn, Flag
from tests.utils import actor_for, make_patient, make_user, rows

ANSWERS = dict(pain=4, sleep_quality=3, mood=3, stress=2, flare=False, medicines_changed=False)


@pytest.fixture
def patient(db):
    make_patient("Ana", username="ana", timezone="America/Los_Angeles", start=date(2026, 3, 2))
    return actor_for("ana")


def test_it_saves_one_check_in_per_local_day_and_updates_it(patient):
    morning = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)  # 08:00 in Los Angeles
    first = record_check_in(actor=patient, now=morning, **ANSWERS)
    second = record_check_in(actor=patient, now=morning.replace(hour=20), **{**ANSWERS, "pain": 7})
    assert first.created and not second.created
    saved = rows(CheckIn, patient_id=patient.patient_id)
    assert len(saved) == 1 and saved[0].pain == 7 and saved[0].local_date == date(2026, 3, 18)


def test_it_uses_the_patients_local_date_not_utc(patient):
    # 06:00 UTC on the 19th is still the evening of the 18th in Los Angeles.
    record_check_in(actor=patient, now=datetime(2026, 3, 19, 6, 0, tzinfo=UTC), **ANSWERS)
    record_check_in(actor=patient, now=datetime(2026, 3, 19, 9, 0, tzinfo=UTC), **ANSWERS)
    assert [r.local_date for r in rows(CheckIn)] == [date(2026, 3, 18), date(2026, 3, 19)]


@pytest.mark.parametrize(
    "field,value", [("pain", 11), ("pain", -1), ("mood", 0), ("stress", 6), ("pain", True)]
)
def test_it_rejects_out_of_range_answers_and_saves_nothing(patient, field, value):
    with pytest.raises(InvalidInput):
        record_check_in(actor=patient, **{**ANSWERS, field: value})
    assert rows(CheckIn) == []


def test_it_opens_an_emergency_flag_for_an_emergency_sign_and_returns_guidance(patient):
    result = record_check_in(
        actor=patient, anything_new=True, warning_signs=["chest_pain"], **ANSWERS
    )
    assert result.guidance.tier == "emergency"
    flags = rows(Flag, patient_id=patient.patient_id)
    assert [(f.severity, f.status) for f in flags] == [("emergency", "open")]


def test_it_does_not_duplicate_an_open_flag_when_the_check_in_is_saved_again(patient):
    record_check_in(actor=patient, anything_new=True, warning_signs=["calf"], **ANSWERS)
    record_check_in(actor=patient, anything_new=True, warning_signs=["calf"], **ANSWERS)
    assert len(rows(Flag, patient_id=patient.patient_id)) == 1


def test_it_ignores_ticked_signs_when_nothing_new_was_answered(patient):
    result = record_check_in(
        actor=patient, anything_new=False, warning_signs=["chest_pain"], **ANSWERS
    )
    assert result.guidance is None and rows(Flag) == []


def test_it_rejects_an_unknown_warning_sign(patient):
    with pytest.raises(InvalidInput):
        record_check_in(actor=patient, anything_new=True, warning_signs=["nonsense"], **ANSWERS)


def test_it_sends_a_medicine_change_to_the_care_team(patient):
    record_check_in(
        actor=patient, **{**ANSWERS, "medicines_changed": True}, medicines_note="New dose from GP"
    )
    saved = rows(CheckIn)[0]
    assert saved.medicines_note == "New dose from GP"
    assert [f.rule for f in rows(Flag)] == ["medicines_changed"]


def test_it_refuses_staff_and_audits_the_refusal(patient):
    make_user("nurse", ["coordinator"])
    with pytest.raises(AccessDenied):
        record_check_in(actor=actor_for("nurse"), **ANSWERS)
    assert rows(CheckIn) == []
    assert [(e.action, e.outcome) for e in rows(AuditEvent, actor_username="nurse")] == [
        ("record_check_in", "refused")
    ]


def test_it_audits_the_check_in_without_health_details(patient):
    record_check_in(
        actor=patient, **{**ANSWERS, "medicines_changed": True}, medicines_note="secret note"
    )
    events = rows(AuditEvent, action="record_check_in")
    assert len(events) == 1 and events[0].patient_id == patient.patient_id
    assert "secret" not in events[0].detail and "4" not in events[0].detail
