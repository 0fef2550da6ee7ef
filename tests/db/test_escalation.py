"""Escalation: an emergency or urgent flag nobody acknowledged within 4 working hours reaches the
clinic-wide coordinators once per episode; the care team sees what is overdue."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from core.settings import load_settings
from db.actions import acknowledge_flag, report_warning_signs
from db.engine import write_session
from db.escalation import escalate_overdue
from db.models import AuditEvent, FlagEvent, JobLease, OutboxMessage, User
from db.outbox import deliver_due, run_pass
from db.queries import overdue_flags_for_staff
from db.seed import seed_demo_clinic
from program.vocabulary import Job
from tests.utils import actor_for, make_patient, make_user, rows
from tests.utils.smtp_sink import SmtpSink

# FROZEN_NOW is Wednesday 18 March 2026, 15:00 UTC: 11 am at the (Eastern) demo clinic, which is
# open Mon-Fri 8-5 and Sat 9-12.
WED_3PM_EASTERN = datetime(2026, 3, 18, 19, 0, tzinfo=UTC)


@pytest.fixture
def clinic(db, frozen):
    with write_session() as session:
        seed_demo_clinic(session)
    nurse = make_user("nurse", ["coordinator"], email="nurse@clinic.example")
    make_user("other", ["coordinator"], email="other@clinic.example")
    make_user("lead", ["coordinator"], email="lead@clinic.example", clinic_wide=True)
    make_user("lead2", ["coordinator", "clinician"], email="lead2@clinic.example", clinic_wide=True)
    make_user("wide-clin", ["clinician"], email="wideclin@clinic.example", clinic_wide=True)
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse)
    return frozen


def escalations() -> list[FlagEvent]:
    return rows(FlagEvent, kind="escalated")


def escalation_mail() -> list[OutboxMessage]:
    return rows(OutboxMessage, kind="escalation")


def test_it_escalates_an_unacknowledged_urgent_flag_four_working_hours_later_once(clinic):
    flag = report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"]).flag
    clinic.move_to(WED_3PM_EASTERN - timedelta(minutes=1))
    assert escalate_overdue() == 0 and escalations() == []
    clinic.move_to(WED_3PM_EASTERN)
    assert escalate_overdue() == 1
    (event,) = escalations()
    assert event.flag_id == flag.id and event.inputs["deadline"] == WED_3PM_EASTERN.isoformat()
    assert "E-mailed 2 clinic-wide coordinator(s)" in event.note
    assert sorted(m.recipient for m in escalation_mail()) == [
        "lead2@clinic.example",
        "lead@clinic.example",
    ]
    assert rows(AuditEvent, action="escalate_flag")[0].patient_id == flag.patient_id
    clinic.shift(timedelta(hours=5))
    assert escalate_overdue() == 0 and len(escalations()) == 1  # once per episode


def test_it_counts_working_hours_across_the_night_not_clock_hours(clinic):
    clinic.move_to(datetime(2026, 3, 18, 20, 30, tzinfo=UTC))  # Wednesday 4:30 pm Eastern
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    clinic.shift(timedelta(hours=4))  # 8:30 pm: four clock hours, half a working hour
    assert escalate_overdue() == 0
    thursday_1129 = datetime(2026, 3, 19, 15, 29, tzinfo=UTC)  # 11:29 am Eastern
    clinic.move_to(thursday_1129)
    assert escalate_overdue() == 0
    clinic.move_to(thursday_1129 + timedelta(minutes=1))
    assert escalate_overdue() == 1


def test_it_does_not_escalate_an_acknowledged_flag(clinic):
    flag = report_warning_signs(actor=actor_for("ana"), warning_signs=["chest_pain"]).flag
    acknowledge_flag(actor=actor_for("nurse"), flag_id=flag.id, note="Called; she is at the ED.")
    clinic.move_to(WED_3PM_EASTERN + timedelta(days=2))
    assert escalate_overdue() == 0 and escalations() == []


def test_it_starts_a_new_deadline_when_the_flag_reopens(clinic):
    flag = report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"]).flag
    clinic.move_to(WED_3PM_EASTERN)
    assert escalate_overdue() == 1
    acknowledge_flag(actor=actor_for("nurse"), flag_id=flag.id)
    reopened_at = datetime(2026, 3, 19, 13, 0, tzinfo=UTC)  # Thursday 9 am Eastern, a new sign
    clinic.move_to(reopened_at)
    assert report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"]).flag.id == flag.id
    clinic.move_to(reopened_at + timedelta(hours=3, minutes=59))
    assert escalate_overdue() == 0  # the first episode's escalation does not count for this one
    clinic.move_to(reopened_at + timedelta(hours=4))
    assert escalate_overdue() == 1
    assert [e.inputs["started_at"] for e in escalations()] == [
        datetime(2026, 3, 18, 15, 0, tzinfo=UTC).isoformat(),
        reopened_at.isoformat(),
    ]


def test_it_escalates_once_when_two_workers_look_at_once(clinic):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    clinic.move_to(WED_3PM_EASTERN)
    start, counts = threading.Barrier(3), []

    def worker() -> None:
        start.wait()
        counts.append(escalate_overdue())

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(counts) == 1 and len(escalations()) == 1 and len(escalation_mail()) == 2


def test_it_records_the_escalation_even_with_nobody_to_e_mail(clinic):
    flag = report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"]).flag
    with write_session() as session:
        for user in session.exec(select(User).where(User.clinic_wide.is_(True))).all():
            user.email = None
    clinic.move_to(WED_3PM_EASTERN)
    assert escalate_overdue() == 1
    (event,) = escalations()
    assert event.flag_id == flag.id and "nobody was e-mailed" in event.note
    assert escalation_mail() == []


def test_it_sends_escalation_mail_without_health_details(clinic):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    clinic.move_to(WED_3PM_EASTERN)
    escalate_overdue()
    with SmtpSink() as sink:
        deliver_due(load_settings({"RECALIBRATE_ENV": "test", **sink.env()}), holder="w")
        mail = sink.wait_for(3)  # the nurse's alert, then two escalations
    escalation = [m for m in mail if "acknowledged" in str(m["Subject"])]
    assert len(escalation) == 2
    for message in escalation:
        words = (str(message["Subject"]) + message.get_content()).lower()
        assert "ana" not in words and "calf" not in words and "test" not in words
        assert "4 working hours" in words and "https://recalibrate.example.org/flags" in words


def test_it_shows_the_care_team_their_overdue_flags_most_overdue_first(clinic):
    make_patient("Cy", username="cy", start=date(2026, 3, 2), coordinator=None)
    first = report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"]).flag
    clinic.shift(timedelta(hours=1))
    second = report_warning_signs(actor=actor_for("cy"), warning_signs=["fever_chills"]).flag
    nurse, lead, other = actor_for("nurse"), actor_for("lead"), actor_for("other")
    assert overdue_flags_for_staff(actor=lead) == []  # nothing overdue yet
    clinic.move_to(WED_3PM_EASTERN + timedelta(hours=1))
    shown = overdue_flags_for_staff(actor=lead)
    assert [r.flag_id for r in shown] == [first.id, second.id]
    assert shown[0].rule_name.startswith("Warning sign") and shown[0].deadline == WED_3PM_EASTERN
    assert [r.flag_id for r in overdue_flags_for_staff(actor=nurse)] == [first.id]  # her team
    assert overdue_flags_for_staff(actor=other) == []
    acknowledge_flag(actor=nurse, flag_id=first.id)
    assert [r.flag_id for r in overdue_flags_for_staff(actor=lead)] == [second.id]


def test_it_looks_for_overdue_flags_once_a_minute_however_many_workers_pass(clinic):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    clinic.move_to(WED_3PM_EASTERN)
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    assert run_pass(settings, holder="w1").escalated == 1
    make_patient("Cy", username="cy", start=date(2026, 3, 2))
    clinic.move_to(datetime(2026, 3, 18, 15, 0, tzinfo=UTC))
    report_warning_signs(actor=actor_for("cy"), warning_signs=["calf"])
    clinic.move_to(WED_3PM_EASTERN)
    assert run_pass(settings, holder="w2").escalated == 0  # the minute is not up (database clock)
    with write_session() as session:  # a minute later
        lease = session.get(JobLease, Job.ESCALATION)
        lease.expires_at = lease.claimed_at
    assert run_pass(settings, holder="w2").escalated == 1
