"""Clock-driven work across replicas (issue 15): two cron runs of the rules and two mail workers,
each a process of its own as on two machines, all let go at once on one database. Every flag opens
once (as many as one run alone opens), every message reaches the mail server once by its
Message-ID, and no command fails for having met the others. (tests/db/test_leases.py,
test_rule_runs.py and test_outbox.py race threads of one process; here the claimers share
nothing but the database.) Checked by hand: with the outbox's lease always won AND its row claim
removed, this test fails on both engines (57 deliveries of 30 messages); with either one alone
in place it passes."""

from __future__ import annotations

import os
import subprocess  # nosec B404: the app's own commands, with fixed arguments
import sys
import time
from collections import Counter

import sqlalchemy as sa
from sqlmodel import select

from core.clock import utcnow
from core.settings import ROOT
from db.alerts import queue_mail
from db.engine import engine_for, read_session, write_session
from db.migrate import upgrade
from db.models import Flag, OutboxMessage, User
from db.seed_cohort import seed_cohort
from tests.utils.postgres import create_database, drop_database
from tests.utils.smtp_sink import SmtpSink

PATIENTS = 40


def flags() -> list[tuple[int, str]]:
    with read_session() as session:
        return [(f.patient_id, f.dedupe_key) for f in session.exec(select(Flag)).all()]


def start(module: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(  # nosec B603: fixed arguments
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, "RECALIBRATE_ENV": "test", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def opened_by_one_run(url: str) -> int:
    """How many flags one cohort run alone opens on the same cohort (a database of its own)."""
    other = sa.make_url(url)
    if other.get_backend_name() == "sqlite":
        other = other.set(database=other.database.replace(".db", "-alone.db"))
    else:
        other = sa.make_url(create_database(url, template="template_migrated"))
    alone = other.render_as_string(hide_password=False)
    if alone.startswith("sqlite"):
        upgrade(alone)
    os.environ["DATABASE_URL"] = alone
    try:
        return seed_cohort(patients=PATIENTS, days=28, panels=(), run_rules=True).rules_opened
    finally:
        engine_for(alone).dispose()
        os.environ["DATABASE_URL"] = url
        if not alone.startswith("sqlite"):
            drop_database(alone)


def test_two_cron_runs_and_two_mail_workers_at_once_open_each_flag_and_send_each_mail_once(db):
    seed_cohort(patients=PATIENTS, days=28, panels=(), run_rules=False)
    before = Counter(flags())
    with write_session() as session:
        staff = session.exec(select(User).where(User.email.is_not(None))).all()
        for n in range(10):
            queue_mail(session, staff, kind="alert", subject=f"s{n}", body="b {link}",
                       flag_id=None, now=utcnow())  # fmt: skip
    queued = {m.message_id for m in outbox()}
    assert len(queued) >= 20
    engine_for(db).dispose()

    with SmtpSink() as sink:
        env = {"DATABASE_URL": db, **sink.env()}
        runs = [start("db.rules", "--all", env=env) for _ in range(2)]
        runs += [start("db.outbox", "--once", env=env) for _ in range(2)]
        done = [(p.wait(timeout=240), *p.communicate()) for p in runs]
        sink.wait_for(len(queued))
        time.sleep(0.5)  # anything sent twice would have arrived by now
        mail = sink.messages

    for code, out, err in done:
        assert code == 0, f"{out}\n{err[-3000:]}"
        assert "Traceback" not in err
    ids = [m["Message-ID"] for m in mail]
    sent = {m.message_id for m in outbox() if m.status == "sent"}
    assert len(ids) == len(set(ids))  # one delivery per Message-ID
    assert set(ids) == sent and queued <= sent  # ours, and the escalations the passes wrote
    new = Counter(flags()) - before
    assert new and max(new.values()) == 1  # no flag opened twice
    assert sum(new.values()) == opened_by_one_run(db)  # and none missed


def outbox() -> list[OutboxMessage]:
    with read_session() as session:
        return list(session.exec(select(OutboxMessage)).all())
