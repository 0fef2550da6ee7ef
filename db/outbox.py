"""The mail worker: ``python -m db.outbox [--once] [--sleep SECONDS]``.

Each pass (1) escalates emergency and urgent flags nobody acknowledged in time (db/escalation.py),
(2) sends the outbox's due messages with core/mail.py's SMTP settings, (3) runs the whole cohort's
rules when the hourly run is due (db/rule_runs.py). Each step holds its JobLease (db/leases.py),
so cron, ``make run`` and several replicas can all start the worker and each step still runs
once at a time.

Sending: messages are claimed ONE AT A TIME (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` plus the ``claimed_until`` column), so two workers never send the same row;
the mail goes out after the claim is committed, and the row is marked sent after. A worker that
dies between the two leaves the row to be sent again when its claim runs out: delivered at least
once, and every resend carries the row's one Message-ID so the recipient's mail system can tell.
A failure is tried again after 1, 2, 4 ... minutes (capped at an hour); a refused address, or
running out of tries, marks the row failed for an admin to see (pages/admin/outbox.py).

Without SMTP (the demo) nothing is sent: messages wait, the worker says so once and idles.
``--once`` runs one pass (for cron) and exits 0, or 1 if a step or a send failed; 2 on bad
arguments. Logs hold row ids and counts only, never a patient's details.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import smtplib
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import select

from core.clock import utcnow
from core.mail import send_mail
from core.settings import Settings, load_settings
from db.engine import write_session
from db.escalation import escalate_overdue
from db.leases import claim, holder_name, release
from db.models import OutboxMessage
from db.rule_runs import run_cohort_if_due
from program.alert_wording import render
from program.defaults import ALERT_DEFAULTS
from program.vocabulary import Job, MailStatus

log = logging.getLogger("recalibrate.outbox")
PASS_LEASE_SECONDS = 600  # longer than a pass of sends (each at most SMTP's 20 s timeout)
MAX_PER_PASS = 200
# Deadlines are in working hours: looking once a minute is soon enough, and spares the database a
# scan of every waiting flag on each few-second pass.
ESCALATE_EVERY_SECONDS = 60
NOT_CONFIGURED = "mail is not configured (SMTP_HOST is not set): messages wait in the outbox"


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 1, 2, 4 ... minutes, up to an hour."""
    first, cap = ALERT_DEFAULTS.retry_first_seconds, ALERT_DEFAULTS.retry_max_seconds
    return timedelta(seconds=min(cap, first * 2 ** max(0, attempts - 1)))


def _error_text(exc: Exception) -> str:
    """What the mail server said (a code and its words), short; the message holds no PHI."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, words = next(iter(exc.recipients.values()), (0, b""))
        text = f"{code} {words.decode(errors='replace') if isinstance(words, bytes) else words}"
    elif isinstance(exc, smtplib.SMTPResponseException):
        words = exc.smtp_error
        text = f"{exc.smtp_code} {words.decode(errors='replace') if isinstance(words, bytes) else words}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return re.sub(r"\s+", " ", text).strip()[:300]


def _refused_for_good(exc: Exception) -> bool:
    """The server refused the address itself (5xx): trying again cannot help. Anything else (the
    server down, a busy 4xx, a login problem an admin will fix) is tried again."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and all(
        500 <= code < 600 for code, _ in exc.recipients.values()
    )


def claim_next(holder: str, now: datetime | None = None) -> OutboxMessage | None:
    """The oldest due message, claimed for this worker (no other worker gets it meanwhile)."""
    now = now or utcnow()
    with write_session() as session:
        row = session.exec(
            select(OutboxMessage)
            .where(
                OutboxMessage.status == MailStatus.QUEUED,
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return None
        row.claimed_until = now + timedelta(seconds=ALERT_DEFAULTS.claim_seconds)
        row.attempts += 1
        session.add(row)
        log.debug("message %s claimed by %s", row.id, holder)
        return row


def _finish(row: OutboxMessage, error: Exception | None) -> str:
    """Record how a try went; returns the message's status after it."""
    now = utcnow()
    with write_session() as session:
        current = session.get(OutboxMessage, row.id, with_for_update=True)
        if current is None or current.status != MailStatus.QUEUED:
            return current.status if current else MailStatus.FAILED
        current.claimed_until = None
        if error is None:
            current.status, current.sent_at, current.last_error = MailStatus.SENT, now, None
        else:
            current.last_error = _error_text(error)
            if _refused_for_good(error) or current.attempts >= ALERT_DEFAULTS.max_attempts:
                current.status = MailStatus.FAILED
            else:
                current.next_attempt_at = now + retry_delay(current.attempts)
        session.add(current)
        return current.status


@dataclass
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def tried(self) -> int:
        return self.sent + self.retrying + self.failed


def deliver_due(settings: Settings, *, holder: str, limit: int = MAX_PER_PASS) -> Delivery:
    """Send due messages one at a time until none is due (or ``limit`` were tried)."""
    done = Delivery()
    if settings.smtp_host is None:
        return done
    while done.tried < limit and (row := claim_next(holder)) is not None:
        error = None
        try:
            send_mail(
                settings,
                to=row.recipient,
                subject=row.subject,
                body=render(row.body, f"{settings.app_base_url or ''}{row.link_path}"),
                message_id=row.message_id,
                automatic=True,
            )
        except Exception as exc:  # any failure of this send: recorded on the row, tried again
            error = exc
            log.warning("message %s not sent (try %s): %s", row.id, row.attempts, _error_text(exc))
        status = _finish(row, error)
        if status == MailStatus.SENT:
            done.sent += 1
        elif status == MailStatus.FAILED:
            done.failed += 1
            log.error("message %s failed for good after %s tries", row.id, row.attempts)
        else:
            done.retrying += 1
    return done


@dataclass
class PassResult:
    delivery: Delivery = field(default_factory=Delivery)
    escalated: int = 0
    rules_ran: bool = False
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        d = self.delivery
        return (
            f"sent={d.sent} retrying={d.retrying} failed={d.failed} escalated={self.escalated} "
            f"rules={'ran' if self.rules_ran else 'not due'}"
        )


def _step(
    result: PassResult, job: Job, holder: str, work: Callable[[], None], every: float = 0
) -> None:
    """Run one step under its lease, at most once per ``every`` seconds across all workers; a
    failing step is logged and the next step still runs."""
    if not claim(job, holder=holder, seconds=max(every, PASS_LEASE_SECONDS)):
        return  # another worker is doing it right now, or did it within ``every`` seconds
    try:
        work()
    except Exception as exc:
        log.exception("%s step failed", job)
        result.errors.append(f"{job}: {type(exc).__name__}")
    finally:
        release(job, holder=holder, hold_seconds=every)


def run_pass(settings: Settings, *, holder: str) -> PassResult:
    """One pass of the worker: escalate, send, and the hourly cohort run when it is due."""
    result = PassResult()

    def escalate() -> None:
        result.escalated = escalate_overdue()

    def send() -> None:
        result.delivery = deliver_due(settings, holder=holder)

    _step(result, Job.ESCALATION, holder, escalate, every=ESCALATE_EVERY_SECONDS)
    _step(result, Job.OUTBOX, holder, send)
    try:
        result.rules_ran = run_cohort_if_due(holder=holder)
    except Exception as exc:
        log.exception("rules step failed")
        result.errors.append(f"{Job.RULES}: {type(exc).__name__}")
    return result


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m db.outbox", description=__doc__.splitlines()[0])
    p.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    p.add_argument(
        "--sleep", type=float, default=5.0, metavar="SECONDS", help="pause between passes"
    )
    p.add_argument(
        "--parent",
        type=int,
        metavar="PID",
        help="stop when process PID, which started this one, ends (make run passes its shell)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 on bad arguments
    if args.sleep <= 0:
        parser().error("--sleep must be more than 0")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s outbox %(levelname)s %(message)s")
    settings = load_settings()
    holder = holder_name()
    if settings.smtp_host is None:
        log.info(NOT_CONFIGURED)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while True:
        result = run_pass(settings, holder=holder)
        failed = result.errors or result.delivery.failed or result.delivery.retrying
        if args.once:
            print(result.line())
            return 1 if failed else 0
        if result.delivery.tried or result.escalated or result.errors:
            log.info(result.line())
        if stop.wait(args.sleep) or (args.parent and os.getppid() != args.parent):
            return 0  # stopped, or the process that started us is gone (we were handed to init)


if __name__ == "__main__":
    sys.exit(main())
