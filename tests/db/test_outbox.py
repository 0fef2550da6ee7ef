"""Alerts that reach someone: outbox rows written with their flag, and the worker that sends them."""

import os
import subprocess  # nosec B404: the app's own commands, with fixed arguments
import sys
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from core.mail import send_mail
from core.settings import ROOT, load_settings
from db.actions import (
    acknowledge_flag,
    record_check_in,
    report_warning_signs,
    retry_outbox,
    save_questionnaire_draft,
)
from db.alerts import queue_mail
from db.engine import get_engine, read_session, write_session
from db.models import CareTeamMember, CheckIn, Flag, OutboxMessage, User
from db.outbox import claim_next, deliver_due, main, retry_delay
from db.queries import outbox_status
from program.defaults import ALERT_DEFAULTS
from program.vocabulary import MailKind, MailStatus
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user, rows
from tests.utils.smtp_sink import SmtpSink

NURSE, DOC = "nurse@clinic.example", "doc@clinic.example"


@pytest.fixture
def team(db, frozen):
    """Ana's team (nurse and doc, with addresses) and the staff an alert about her must not reach:
    a coordinator of other patients, a clinic-wide coordinator (while her team can be e-mailed),
    an inactive clinician and a coordinator whose time on her team has ended."""
    nurse = make_user("nurse", ["coordinator"], email=NURSE)
    doc = make_user("doc", ["clinician"], email=DOC)
    make_user("other", ["coordinator"], email="other@clinic.example")
    make_user("wide", ["coordinator"], email="wide@clinic.example", clinic_wide=True)
    gone = make_user("gone", ["clinician"], email="gone@clinic.example", active=False)
    moved = make_user("moved", ["coordinator"], email="moved@clinic.example")
    make_user("boss", ["admin"], email="boss@clinic.example")
    ana = make_patient(
        "Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse, clinician=doc
    )
    make_patient("Ben", username="ben", start=date(2026, 3, 2))  # a team nobody can e-mail
    with write_session() as session:
        session.add(
            CareTeamMember(
                patient_id=ana.id, user_id=gone.id, role="clinician", from_date=date(2026, 1, 1)
            )
        )
        session.add(
            CareTeamMember(
                patient_id=ana.id,
                user_id=moved.id,
                role="coordinator",
                from_date=date(2026, 1, 1),
                to_date=date(2026, 3, 1),
            )
        )
    return ana


def outbox() -> list[OutboxMessage]:
    return rows(OutboxMessage)


def sink_settings(sink: SmtpSink):
    return load_settings({"RECALIBRATE_ENV": "test", **sink.env()})


# --- written with the flag ---------------------------------------------------------------------


def test_it_writes_an_alert_for_each_of_the_care_team_with_a_new_emergency_flag(team):
    result = report_warning_signs(actor=actor_for("ana"), warning_signs=["chest_pain"])
    messages = outbox()
    assert sorted(m.recipient for m in messages) == [DOC, NURSE]
    assert {m.flag_id for m in messages} == {result.flag.id}
    assert {(m.kind, m.status, m.attempts) for m in messages} == {(MailKind.ALERT, "queued", 0)}
    assert len({m.message_id for m in messages}) == 2


def test_it_alerts_the_care_team_when_phq9_item_9_is_answered_above_0(team):
    save_questionnaire_draft(actor=actor_for("ana"), instrument="PHQ9", answers={"9": 1})
    (flag,) = rows(Flag)
    assert flag.rule == "phq9_item9"
    assert sorted(m.recipient for m in outbox()) == [DOC, NURSE]


def test_it_writes_no_alert_for_a_routine_flag(team):
    record_check_in(
        actor=actor_for("ana"),
        **{**CHECK_IN_ANSWERS, "medicines_changed": True},
        medicines_note="New pills",
    )
    assert [f.severity for f in rows(Flag)] == ["routine"]
    assert outbox() == []


def test_it_writes_no_second_alert_when_the_same_sign_is_saved_again_that_day(team):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    record_check_in(
        actor=actor_for("ana"), anything_new=True, warning_signs=["calf"], **CHECK_IN_ANSWERS
    )
    assert len(rows(Flag)) == 1 and len(outbox()) == 2


def test_it_alerts_again_when_an_acknowledged_flag_reopens(team, frozen):
    first = report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"]).flag
    acknowledge_flag(actor=actor_for("nurse"), flag_id=first.id, note="Called her.")
    frozen.shift(timedelta(days=1))
    again = report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"]).flag
    assert again.id == first.id and again.status == "open"
    assert len(outbox()) == 4 and {m.flag_id for m in outbox()} == {first.id}


def test_it_alerts_the_clinic_wide_coordinators_when_nobody_on_the_team_has_an_address(team):
    report_warning_signs(actor=actor_for("ben"), warning_signs=["calf"])
    assert [m.recipient for m in outbox()] == ["wide@clinic.example"]


def test_it_rolls_the_alert_back_with_the_patients_save(team):
    # The save fails after its flag and alert rows were written (the audit chain is unwritable):
    # none of it stays, so the patient is told it was NOT sent, and no alert goes about nothing.
    with get_engine().begin() as conn:
        conn.execute(text("DROP TABLE auditchainhead"))
    with pytest.raises(Exception):  # noqa: B017 (any database error)
        record_check_in(
            actor=actor_for("ana"),
            anything_new=True,
            warning_signs=["chest_pain"],
            **CHECK_IN_ANSWERS,
        )
    assert rows(CheckIn) == [] and rows(Flag) == [] and outbox() == []


def test_it_saves_no_flag_when_its_alert_cannot_be_written(team):
    with get_engine().begin() as conn:
        conn.execute(text("DROP TABLE outboxmessage"))
    with pytest.raises(Exception):  # noqa: B017 (any database error)
        report_warning_signs(actor=actor_for("ana"), warning_signs=["chest_pain"])
    assert rows(Flag) == []


# --- the worker --------------------------------------------------------------------------------


def test_it_delivers_alerts_to_the_mail_server_without_any_health_details(team):
    # Two flags: a self-harm episode (emergency) and the calf (urgent).
    report_warning_signs(actor=actor_for("ana"), warning_signs=["self_harm", "calf"])
    with SmtpSink() as sink:
        done = deliver_due(sink_settings(sink), holder="worker")
        mail = sink.wait_for(4)
    assert (done.sent, done.retrying, done.failed) == (4, 0, 0)
    stored = {m.message_id: m for m in outbox()}
    assert sorted(m["To"] for m in mail) == [DOC, DOC, NURSE, NURSE]
    assert {m["Message-ID"] for m in mail} == set(stored)
    assert all(m.status == "sent" and m.sent_at is not None for m in stored.values())
    forbidden = [
        "ana",
        "test",  # her family name
        team.record_number.lower(),
        "harm",
        "self",
        "calf",
        "warning",
        "sign",
        "pain",
        "score",
        "phq",
    ]
    for message in mail:
        words = (str(message["Subject"]) + " " + message.get_content()).lower()
        assert not [w for w in forbidden if w in words], words
        assert "https://recalibrate.example.org/flags" in message.get_content()
        assert message["Auto-Submitted"] == "auto-generated"
    assert {str(m["Subject"]) for m in mail} == {
        "Recalibrate: a patient needs attention now (emergency)",
        "Recalibrate: a patient needs attention today (urgent)",
    }


def test_it_tries_a_busy_mail_server_again_later_backing_off(team, frozen):
    report_warning_signs(actor=actor_for("ben"), warning_signs=["calf"])  # one recipient
    (message,) = outbox()
    with SmtpSink(busy=3) as sink:
        settings = sink_settings(sink)
        waits = []
        for _ in range(3):
            assert deliver_due(settings, holder="w").retrying == 1
            (message,) = outbox()
            waits.append(message.next_attempt_at - message.created_at)
            assert message.last_error.startswith("451") and message.status == "queued"
            assert deliver_due(settings, holder="w").tried == 0  # not due yet: nothing is tried
            frozen.move_to(message.next_attempt_at - timedelta(seconds=1))
            assert deliver_due(settings, holder="w").tried == 0
            frozen.move_to(message.next_attempt_at)
        assert deliver_due(settings, holder="w").sent == 1
        (delivered,) = sink.wait_for(1)
    assert [w - prev for w, prev in zip(waits[1:], waits, strict=False)] == [
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert waits[0] == timedelta(minutes=1)
    assert delivered["Message-ID"] == message.message_id
    (sent,) = outbox()
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 4, None)


def test_it_backs_off_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 6, 7, 8, 14)] == [
        60,
        120,
        240,
        1920,
        3600,
        3600,
        3600,
    ]


def test_it_keeps_mail_waiting_while_the_server_is_down(team):
    report_warning_signs(actor=actor_for("ben"), warning_signs=["calf"])
    with SmtpSink() as sink:
        settings = sink_settings(sink)
    # The sink has stopped: nothing listens on its port now.
    assert deliver_due(settings, holder="w").retrying == 1
    (message,) = outbox()
    assert message.status == "queued" and "ConnectionRefusedError" in message.last_error


def test_it_marks_a_refused_address_failed_and_shows_it_to_admins_to_retry(team, frozen):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    with SmtpSink(unknown={DOC}) as sink:
        done = deliver_due(sink_settings(sink), holder="w")
        sink.wait_for(1)
    assert (done.sent, done.failed) == (1, 1)
    status = outbox_status(actor=actor_for("boss"))
    assert (status.counts["sent"], status.counts["failed"], status.counts["queued"]) == (1, 1, 0)
    (problem,) = status.problems
    assert problem.recipient == DOC and problem.last_error == "550 5.1.1 No such user here"
    assert retry_outbox(actor=actor_for("boss"), message_id=problem.id) == 1
    again = next(m for m in outbox() if m.recipient == DOC)
    assert (again.status, again.attempts) == ("queued", 0)
    with SmtpSink() as sink:
        assert deliver_due(sink_settings(sink), holder="w").sent == 1
        assert sink.wait_for(1)[0]["Message-ID"] == again.message_id


def test_it_gives_up_after_the_last_try(team):
    report_warning_signs(actor=actor_for("ben"), warning_signs=["calf"])
    with write_session() as session:
        session.exec(select(OutboxMessage)).one().attempts = ALERT_DEFAULTS.max_attempts - 1
    with SmtpSink(busy=1) as sink:
        assert deliver_due(sink_settings(sink), holder="w").failed == 1
    assert outbox()[0].status == "failed"


def test_it_sends_each_message_once_when_two_workers_run_at_once(team):
    with write_session() as session:
        staff = session.exec(select(User).where(User.email.is_not(None))).all()
        for _ in range(5):
            queue_mail(
                session, staff, kind="alert", subject="s", body="b {link}", flag_id=None,
                now=team.created_at,
            )  # fmt: skip
    total = len(outbox())
    assert total == 5 * len(staff) >= 30
    start = threading.Barrier(2)
    counts = []
    with SmtpSink() as sink:
        settings = sink_settings(sink)

        def worker(name: str) -> None:
            start.wait()
            counts.append(deliver_due(settings, holder=name).sent)

        threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        mail = sink.wait_for(total)
    ids = [m["Message-ID"] for m in mail]
    assert len(ids) == len(set(ids)) == total and sum(counts) == total
    assert {m.status for m in outbox()} == {"sent"}


def test_it_sends_the_same_message_id_again_after_a_worker_died_mid_send(team, frozen):
    report_warning_signs(actor=actor_for("ben"), warning_signs=["calf"])
    with SmtpSink() as sink:
        settings = sink_settings(sink)
        # A worker claims the message, hands it to the server, and dies before marking it sent.
        claimed = claim_next("dying-worker")
        send_mail(settings, to=claimed.recipient, subject=claimed.subject, body=claimed.body,
                  message_id=claimed.message_id)  # fmt: skip
        assert deliver_due(settings, holder="w").tried == 0  # still claimed by the dead worker
        frozen.shift(timedelta(seconds=ALERT_DEFAULTS.claim_seconds))
        assert deliver_due(settings, holder="w").sent == 1
        first, second = sink.wait_for(2)
    assert first["Message-ID"] == second["Message-ID"] == claimed.message_id


def test_it_waits_politely_when_mail_is_not_configured(team, capsys):
    report_warning_signs(actor=actor_for("ben"), warning_signs=["calf"])
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    assert deliver_due(settings, holder="w").tried == 0
    assert main(["--once"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("sent=0 retrying=0 failed=0")
    (message,) = outbox()
    assert (message.status, message.attempts) == ("queued", 0)
    assert not outbox_status(actor=actor_for("boss"), settings=settings).mail_configured


def test_it_refuses_bad_arguments_with_exit_code_2(db):
    with pytest.raises(SystemExit) as exit_:
        main(["--sleep", "0"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["--whenever"])
    assert exit_.value.code == 2


def test_it_counts_only_patient_free_rows_for_the_admin(team):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    status = outbox_status(actor=actor_for("boss"))
    assert status.counts == {MailStatus.QUEUED: 2, MailStatus.SENT: 0, MailStatus.FAILED: 0}
    assert status.escalation_addresses == 1
    with read_session() as session:
        assert session.exec(select(OutboxMessage.body)).first().count("Ana") == 0


def run_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A command as cron runs it: a fresh interpreter (so an import cycle fails here too)."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env={**os.environ, "RECALIBRATE_ENV": "test", **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_it_sends_the_alerts_from_cron_with_python_m_db_outbox_once(team):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])
    # The command runs on the real clock, months after the frozen day the flag opened: it is long
    # overdue, so the same pass escalates it, then sends both alerts and the escalation.
    with SmtpSink() as sink:
        done = run_command("db.outbox", "--once", **sink.env())
        mail = sink.wait_for(3)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip().splitlines()[-1] == "sent=3 retrying=0 failed=0 escalated=1 rules=ran"
    )
    assert sorted(m["To"] for m in mail) == [DOC, NURSE, "wide@clinic.example"]
    assert {m.status for m in outbox()} == {"sent"}
    # The cohort run's command still starts on its own (it imports the actions that call back).
    cohort = run_command("db.rules", "--all")
    assert cohort.returncode == 0 and cohort.stdout.strip().splitlines()[-1].startswith("checked=")
    assert "Traceback" not in cohort.stderr
