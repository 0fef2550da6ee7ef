"""Alerts on screen: the admin's Mail page, the overdue box on the flag page, and the hourly rules
run that staff views start without waiting for it."""

import threading
from datetime import timedelta

from sqlmodel import select

from db import rule_runs
from db.actions import acknowledge_flag
from db.engine import read_session, write_session
from db.escalation import escalate_overdue
from db.leases import leases
from db.models import Flag, OutboxMessage
from program.vocabulary import Job
from tests.pages.conftest import texts, unreachable
from tests.utils import actor_for
from tests.utils.screens import button


def grace_flag() -> Flag:
    with read_session() as session:
        return session.exec(select(Flag).where(Flag.rule == "warning_sign")).one()


def test_it_tells_the_admin_that_mail_is_not_configured_and_what_waits(app_as):
    at = app_as("demo-admin")
    at.switch_page("pages/admin/outbox.py").run()
    assert not at.exception
    shown = texts(at)
    assert "Mail is not configured." in shown and "nobody receives them" in shown
    assert "The mail worker has not run yet." in shown
    assert "Escalations reach nobody" not in shown  # demo-lead has an address
    metrics = {m.label: m.value for m in at.metric}
    # Grace's warning sign and Lena's item-9 answer each e-mailed their coordinator and clinician
    # (waiting: no SMTP in the demo).
    assert metrics == {"Waiting": "4", "Failed": "0", "Sent": "0"}
    assert "No message has failed." in shown


def test_it_shows_the_admin_a_failed_message_with_the_servers_words_and_retries_it(app_as):
    with write_session() as session:
        message = session.exec(select(OutboxMessage)).first()
        message.status, message.attempts = "failed", 3
        message.last_error = "550 5.1.1 No such user here"
    at = app_as("demo-admin")
    at.switch_page("pages/admin/outbox.py").run()
    assert "The mail server said: 550 5.1.1 No such user here" in [t.value for t in at.text]
    assert "**Failed** · Alert to the care team to demo-" in texts(at)
    button(at, "Retry").click().run()
    assert not at.exception
    assert "1 message will be sent at the worker's next pass." in texts(at)
    with read_session() as session:
        again = session.get(OutboxMessage, message.id)
    assert (again.status, again.attempts) == ("queued", 0)


def test_it_keeps_the_mail_page_from_care_staff(app_as):
    assert unreachable(app_as("demo-coordinator"), "pages/admin/outbox.py")


def test_it_shows_the_coordinator_the_overdue_flag_until_it_is_acknowledged(app_as):
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    assert not at.exception
    shown = texts(at)
    # Grace's warning sign of six days ago and Lena's item-9 answer of yesterday.
    assert "Overdue: 2 flags not acknowledged within 4 working hours" in shown
    assert "**Grace Okafor** · Warning sign" in shown
    flag = grace_flag()
    ack = next(
        b for b in at.button if b.label == "Acknowledge" and b.proto.form_id == f"flag-{flag.id}"
    )
    ack.click().run()
    assert "Overdue: 1 flag not acknowledged" in texts(at)


def test_it_puts_the_overdue_flag_first_in_the_follow_up_queue_too(app_as):
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/follow_up_queue.py").run()
    assert not at.exception
    shown = texts(at)
    assert shown.index("Overdue: 2 flags not acknowledged") < shown.index("Grace Okafor")
    acknowledge_flag(actor=actor_for("demo-coordinator"), flag_id=grace_flag().id, note="Called")
    at.run()
    assert "Overdue: 1 flag not acknowledged" in texts(at)


def test_it_shows_the_escalation_in_the_flags_history(app_as):
    assert escalate_overdue() == 2  # Grace's warning sign and Lena's item-9 answer
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    history = [t.value for t in at.text]
    assert any(
        "Escalated: Not acknowledged within 4 working hours. E-mailed 1 clinic-wide" in line
        for line in history
    )
    assert "Escalated Wed Mar" in texts(at)  # in the overdue box too


def test_it_starts_the_hourly_rules_run_when_staff_open_a_view(app_as, frozen, monkeypatch):
    monkeypatch.setenv("APP_RUNS_RULES", "1")
    # The seed ran the rules at its own time; three days later nobody has saved anything.
    frozen.shift(timedelta(days=3))
    rule_runs._asked["at"] = -rule_runs.ASK_EVERY_SECONDS
    before = {f.id for f in _flags()}
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    assert not at.exception
    for thread in threading.enumerate():
        if thread.name == "hourly rules run":
            thread.join(timeout=120)
    assert leases()[Job.RULES].finished_at is not None
    opened = [f for f in _flags() if f.id not in before]
    # Grace has not checked in for 6 days: the time-based low-adherence rule fired with no save.
    assert "low_adherence" in {f.rule for f in opened}


def test_it_does_not_run_the_rules_from_the_app_when_told_not_to(app_as, monkeypatch):
    monkeypatch.setenv("APP_RUNS_RULES", "0")
    rule_runs._asked["at"] = -rule_runs.ASK_EVERY_SECONDS
    app_as("demo-coordinator").switch_page("pages/care/flags.py").run()
    assert Job.RULES not in leases()


def _flags() -> list[Flag]:
    with read_session() as session:
        return list(session.exec(select(Flag)).all())
