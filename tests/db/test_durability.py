"""Nothing lost under load or a crash: many processes writing through the real actions at once,
and a writer killed with SIGKILL mid-transaction. Helpers take a URL (tests/utils/load.py), so the
tests run on SQLite and on PostgreSQL like every test under tests/db.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.utils import load

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 8


@pytest.fixture
def engine_url(db: str) -> str:
    """The database under test: a migrated, empty one, on SQLite and on PostgreSQL (``db``)."""
    return db


def spawn(role: str, url: str, *extra: str) -> subprocess.Popen[str]:
    """``python -m tests.utils.load ROLE URL [EXTRA...]`` on the database at ``url``."""
    env = {**os.environ, "DATABASE_URL": url, "RECALIBRATE_ENV": "test", "BCRYPT_ROUNDS": "4"}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.utils.load", role, url, *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_it_keeps_every_write_of_8_processes_x_500_mixed_actions(engine_url):
    load.setup_world(engine_url, WORKERS)
    audit_before = load.scalar(engine_url, "SELECT count(*) FROM auditevent")
    started = time.monotonic()
    procs = [spawn("mixed", engine_url, str(i)) for i in range(WORKERS)]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    elapsed = time.monotonic() - started
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert "database is locked" not in out + err
        assert proc.returncode == 0, out + err[-2000:]
    engine = engine_url.split(":")[0]
    print(f"\n{engine}: {WORKERS} x {load.MIX_TOTAL} writes in {elapsed:.1f} s")

    # Exact counts: every acknowledged write is there, once.
    own = WORKERS * load.OWN_DAYS
    assert load.scalar(engine_url, "SELECT count(*) FROM checkin") == own + load.SHARED_DAYS
    assert load.duplicate_check_ins(engine_url) == 0
    assert load.scalar(engine_url, "SELECT count(*) FROM questionnaireresponse") == (
        WORKERS * load.WEEKS
    )
    assert load.scalar(engine_url, "SELECT count(*) FROM flag WHERE status = 'resolved'") == (
        WORKERS * load.FLAGS
    )
    assert (
        load.scalar(
            engine_url, "SELECT count(*) FROM flag WHERE rule = 'load' AND status <> 'resolved'"
        )
        == 0
    )
    # The rules run after each save (db/rule_runs.py) may open follow-up flags for these
    # patients (a weekly PEG that never falls); with 8 writers at once each episode opens once.
    assert (
        load.scalar(
            engine_url,
            "SELECT count(*) FROM (SELECT patient_id, dedupe_key FROM flag "
            "GROUP BY patient_id, dedupe_key HAVING count(*) > 1) AS dup",
        )
        == 0
    )
    # One audit row per write, none refused, and the chain intact.
    assert load.scalar(engine_url, "SELECT count(*) FROM auditevent") == (
        audit_before + WORKERS * load.MIX_TOTAL
    )
    assert load.scalar(engine_url, "SELECT count(*) FROM auditevent WHERE outcome <> 'ok'") == 0
    assert load.audit_problems(engine_url) == []


def test_it_keeps_every_acknowledged_write_when_the_writer_is_killed_mid_transaction(engine_url):
    load.setup_world(engine_url, 1)
    writer = spawn("crash", engine_url)
    acknowledged: list[int] = []
    # Let it get well into its loop: every line is a check-in whose commit had returned.
    while len(acknowledged) < 60:
        line = writer.stdout.readline()
        assert line, writer.stderr.read()[-2000:]
        acknowledged.append(int(line))
    os.kill(writer.pid, signal.SIGKILL)  # no cleanup, no rollback: as if the power went
    writer.wait(timeout=30)
    acknowledged += [int(line) for line in writer.stdout.read().split()]  # printed before the kill
    assert writer.returncode == -signal.SIGKILL

    if engine_url.startswith("sqlite"):
        assert load.scalar(engine_url, "PRAGMA integrity_check") == "ok"
        # synchronous=FULL on the app's connections (also tests/db/test_engine.py): a commit
        # returns only once the WAL is on disk, so acknowledged also survives power loss.
        with load.app_engine(engine_url).connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2
    ids = set(load.ids(engine_url, "checkin"))
    assert set(acknowledged) <= ids, sorted(set(acknowledged) - ids)
    # A write cut off mid-transaction is either all there or not at all.
    assert load.scalar(
        engine_url, "SELECT count(*) FROM auditevent WHERE action = 'record_check_in'"
    ) == len(ids)
    assert load.audit_problems(engine_url) == []
    engine = engine_url.split(":")[0]
    print(f"\n{engine}: killed after {len(acknowledged)} acknowledged check-ins; {len(ids)} stored")
