"""`python -m bench.alerts`: what alerts and rule runs cost (figures, never timed assertions).

On a synthetic cohort in a temporary SQLite file: the cohort run of the rules (what the hourly run
does in the background), one patient's rules after a save (what a check-in waits for), what a staff
page run pays to start the hourly run, the escalation pass, and sending the outbox to a local SMTP
sink.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RECALIBRATE_ENV", "test")
os.environ.setdefault("BCRYPT_ROUNDS", "4")

PATIENTS = int(os.environ.get("BENCH_PATIENTS", "1000"))
DAYS = 60


def _ms(fn, repeats: int = 1) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> int:
    from datetime import timedelta

    from sqlmodel import select

    from core.clock import utcnow
    from core.settings import load_settings
    from db import rule_runs
    from db.engine import read_session, write_session
    from db.escalation import escalate_overdue
    from db.migrate import upgrade
    from db.models import OutboxMessage, Patient, User
    from db.outbox import deliver_due
    from db.rules import run_all, run_for_patient
    from db.seed_cohort import seed_cohort
    from db.waiting_flags import waiting_flags
    from tests.utils.smtp_sink import SmtpSink

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ["DATABASE_URL"] = url
        upgrade(url)
        check_ins = seed_cohort(patients=PATIENTS, days=DAYS, panels=(), run_rules=False).check_ins
        with write_session() as session:
            # Escalations need someone to reach: a clinic-wide coordinator with an address.
            session.add(
                User(
                    username="bench-lead",
                    display_name="Bench Lead",
                    roles=["coordinator"],
                    clinic_wide=True,
                    email="lead@example.org",
                    password_hash="x",
                )
            )
        print(f"cohort: {PATIENTS} patients, {check_ins} check-ins over {DAYS} days (SQLite)")
        with read_session() as session:
            ids = list(session.exec(select(Patient.id).limit(20)).all())
        first = _ms(lambda: run_all())
        again = _ms(lambda: run_all())
        print(f"cohort run of the rules: first {first:,.0f} ms, again {again:,.0f} ms")
        one = statistics.median(_ms(lambda i=i: run_for_patient(i)) for i in ids)
        print(f"one patient's rules after a save (median of {len(ids)}): {one:.1f} ms")
        rule_runs._asked["at"] = -rule_runs.ASK_EVERY_SECONDS
        start = time.perf_counter()
        thread = rule_runs.start_hourly_run()
        started = (time.perf_counter() - start) * 1000
        asked = _ms(rule_runs.start_hourly_run, repeats=1000)
        thread.join()
        print(
            f"a staff page starting the hourly run: {started:.2f} ms (then "
            f"{asked * 1000:.1f} µs per rerun within the minute)"
        )
        with read_session() as session:
            waiting = len(waiting_flags(session))
        later = utcnow() + timedelta(days=3)  # every flag is overdue by then
        escalating = _ms(lambda: escalate_overdue(later))
        idle = _ms(lambda: escalate_overdue(later), repeats=5)
        with write_session() as session:  # written "three days on": due now for the worker
            messages = session.exec(select(OutboxMessage)).all()
            for message in messages:
                message.next_attempt_at = utcnow()
            queued = len(messages)
        print(
            f"escalation pass over {waiting} waiting flags: {escalating:,.0f} ms escalating "
            f"them all (one e-mail each), {idle:.1f} ms when nothing more is due"
        )
        with SmtpSink() as sink:
            settings = load_settings({"RECALIBRATE_ENV": "test", **sink.env()})
            start = time.perf_counter()
            done = deliver_due(settings, holder="bench", limit=queued)
            seconds = time.perf_counter() - start
        print(
            f"outbox: {done.sent} of {queued} sent in {seconds:.1f} s ({done.sent / seconds:.0f}/s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
