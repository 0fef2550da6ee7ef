"""Ticked warning signs sent on their own ("Send to my care team"), apart from the check-in."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import DBAPIError

from db.access import AccessDenied
from db.actions import InvalidInput, record_check_in, report_warning_signs
from db.engine import get_engine
from db.models import AuditEvent, CheckIn, Flag, WarningSignReport
from db.queries import today_for_patient
from tests.utils import actor_for, make_patient, make_user, rows

ANSWERS = dict(pain=4, sleep_quality=3, mood=3, stress=2, flare=False, medicines_changed=False)
MORNING = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)  # 08:00 in Los Angeles
EVENING = datetime(2026, 3, 19, 3, 0, tzinfo=UTC)  # 20:00 the same local day


@pytest.fixture
def patient(db):
    make_patient("Ana", username="ana", timezone="America/Los_Angeles", start=date(2026, 3, 2))
    return actor_for("ana")


def audited(action: str) -> list[AuditEvent]:
    return rows(AuditEvent, action=action)


def sql(statement: str) -> None:
    """Change the test's own database behind the app's back (to make a write really fail)."""
    with get_engine().begin() as conn:
        conn.exec_driver_sql(statement)


def test_it_saves_the_signs_and_their_flag_without_the_rest_of_the_check_in(patient):
    result = report_warning_signs(actor=patient, warning_signs=["chest_pain"], now=MORNING)

    [report] = rows(WarningSignReport, patient_id=patient.patient_id)
    [flag] = rows(Flag, patient_id=patient.patient_id)
    assert (report.signs, report.tier, report.local_date) == (
        ["chest_pain"],
        "emergency",
        date(2026, 3, 18),
    )
    assert report.flag_id == flag.id and (flag.severity, flag.status) == ("emergency", "open")
    assert "chest pain or pressure" in flag.explanation
    assert result.guidance.tier == "emergency"
    assert [e.patient_id for e in audited("report_warning_signs")] == [patient.patient_id]
    # A report on its own is not a check-in: the check-in is still asked for today.
    assert rows(CheckIn) == []
    assert today_for_patient(actor=patient, now=MORNING).check_in is None


FAILING_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER no_flags BEFORE INSERT ON flag BEGIN SELECT RAISE(ABORT, 'disk'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION no_flags() RETURNS trigger LANGUAGE plpgsql"
        " AS $$ BEGIN RAISE EXCEPTION 'disk'; END $$",
        "CREATE TRIGGER no_flags BEFORE INSERT ON flag FOR EACH ROW EXECUTE FUNCTION no_flags()",
    ],
}


def test_it_writes_nothing_when_the_flag_cannot_be_written(patient, db_engine):
    for statement in FAILING_TRIGGER[db_engine]:
        sql(statement)
    with pytest.raises(Exception, match="disk"):
        report_warning_signs(actor=patient, warning_signs=["calf"], now=MORNING)
    assert rows(WarningSignReport) == [] and rows(Flag) == []
    assert audited("report_warning_signs") == []


def test_it_keeps_no_flag_when_the_report_cannot_be_written(patient):
    sql("DROP TABLE warningsignreport")
    with pytest.raises(DBAPIError):  # OperationalError on SQLite, ProgrammingError on PostgreSQL
        report_warning_signs(actor=patient, warning_signs=["calf"], now=MORNING)
    assert rows(Flag) == [] and audited("report_warning_signs") == []


def test_it_refreshes_the_same_flag_when_the_full_check_in_follows_that_day(patient):
    sent = report_warning_signs(actor=patient, warning_signs=["chest_pain"], now=MORNING)
    later = record_check_in(
        actor=patient, anything_new=True, warning_signs=["chest_pain"], now=EVENING, **ANSWERS
    )

    [flag] = rows(Flag, patient_id=patient.patient_id)
    assert flag.id == sent.flag.id and [f.id for f in later.flags] == [flag.id]
    assert "in the check-in" in flag.explanation  # refreshed by the check-in
    [check_in] = rows(CheckIn, patient_id=patient.patient_id)
    assert check_in.local_date == date(2026, 3, 18)
    assert len(rows(WarningSignReport)) == 1  # the report stays as it was sent


def test_it_refreshes_the_flag_a_check_in_opened_when_signs_are_sent_again(patient):
    record_check_in(
        actor=patient, anything_new=True, warning_signs=["calf"], now=MORNING, **ANSWERS
    )
    report_warning_signs(actor=patient, warning_signs=["calf"], now=EVENING)
    assert len(rows(Flag, patient_id=patient.patient_id)) == 1
    assert len(rows(WarningSignReport)) == 1


@pytest.mark.parametrize("signs", [[], ["nonsense"], ["calf", "not-a-sign"]])
def test_it_refuses_no_sign_or_an_unknown_sign_and_saves_nothing(patient, signs):
    with pytest.raises(InvalidInput):
        report_warning_signs(actor=patient, warning_signs=signs, now=MORNING)
    assert rows(WarningSignReport) == [] and rows(Flag) == []


@pytest.mark.parametrize("roles", [["coordinator"], ["clinician"], ["admin"]])
def test_it_refuses_staff_and_audits_the_refusal(patient, roles):
    make_user("staff", roles)
    with pytest.raises(AccessDenied):
        report_warning_signs(actor=actor_for("staff"), warning_signs=["calf"], now=MORNING)
    assert rows(WarningSignReport) == [] and rows(Flag) == []
    assert [e.outcome for e in audited("report_warning_signs")] == ["refused"]


def test_it_files_another_patients_report_under_their_own_record_only(patient):
    make_patient("Ben", username="ben", start=date(2026, 3, 2))
    ben = actor_for("ben")
    report_warning_signs(actor=ben, warning_signs=["calf"], now=MORNING)
    assert rows(WarningSignReport, patient_id=patient.patient_id) == []
    assert rows(Flag, patient_id=patient.patient_id) == []
    assert len(rows(WarningSignReport, patient_id=ben.patient_id)) == 1
