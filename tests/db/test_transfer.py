"""``python -m db.transfer``: a clinic moves from SQLite to PostgreSQL whole, verified, and working."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db import audit, transfer
from db.actions import record_check_in, save_questionnaire_draft
from db.audit import record
from db.backup import holds_data, row_counts
from db.engine import engine_for, write_session
from db.models import AuditEvent
from tests.conftest import FROZEN_NOW
from tests.utils import actor_for, load
from tests.utils.postgres import create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.engines("sqlite")  # the source is SQLite; the target is made here


@pytest.fixture
def blank_pg(pg_url: str):
    """A brand-new PostgreSQL database with nothing in it, not even the schema."""
    url = create_database(pg_url)
    yield url
    engine_for(url).dispose()
    drop_database(url)


def _writes_after_the_seed() -> None:
    """A few days of a patient using the app, and an audit row with no actor."""
    alex = actor_for("demo-patient")
    for day in range(1, 4):
        now = FROZEN_NOW + timedelta(days=day)
        record_check_in(actor=alex, now=now, **load.CHECK_IN)
        save_questionnaire_draft(actor=alex, instrument="PEG", answers={"1": day}, now=now)
    with write_session() as session:
        record(session, actor=None, action="load_test", detail="before the move")


def test_it_moves_a_clinic_to_postgresql_whole_verified_and_writable(
    demo_db, blank_pg, monkeypatch, capsys
):
    _writes_after_the_seed()
    before = row_counts(demo_db)
    started = time.monotonic()
    assert transfer.main(["--from", demo_db, "--to", blank_pg]) == 0, capsys.readouterr().err
    seconds = time.monotonic() - started
    assert "audit chain is intact" in capsys.readouterr().out
    with capsys.disabled():
        print(f"\ntransfer of {sum(before.values())} rows took {seconds:.2f} s")

    assert row_counts(blank_pg) == before  # every table, alembic_version included
    assert load.audit_problems(blank_pg) == []
    # The same ids on both sides: the newest check-in is the same row.
    newest = "SELECT max(id) FROM checkin"
    assert load.scalar(blank_pg, newest) == load.scalar(demo_db, newest)
    # The planner has statistics for what was copied (ANALYZE), so the first panel is planned for
    # the clinic's real size, not for empty tables.
    assert load.scalar(blank_pg, "SELECT count(*) FROM pg_stats WHERE tablename = 'checkin'") > 0

    # The clinic now runs on PostgreSQL: a new check-in gets a new id (the sequence was moved on),
    # and the audit chain carries on from the copied head.
    monkeypatch.setenv("DATABASE_URL", blank_pg)
    alex = actor_for("demo-patient")
    result = record_check_in(actor=alex, now=FROZEN_NOW + timedelta(days=5), **load.CHECK_IN)
    assert result.created and result.check_in.id == load.scalar(demo_db, newest) + 1
    assert load.audit_problems(blank_pg) == []


def test_it_computes_the_same_audit_digests_on_both_engines(demo_db, blank_pg):
    _writes_after_the_seed()
    assert transfer.main(["--from", demo_db, "--to", blank_pg]) == 0
    query = "SELECT hash FROM auditevent ORDER BY id"
    with engine_for(demo_db).connect() as a, engine_for(blank_pg).connect() as b:
        assert a.exec_driver_sql(query).scalars().all() == b.exec_driver_sql(query).scalars().all()
    # Recomputed from the values PostgreSQL reads back (times, text), not merely copied.
    with Session(engine_for(blank_pg)) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert events and audit.verify(session) == []  # every MAC recomputed from PG's values


def test_it_refuses_a_target_that_already_holds_data(demo_db, blank_pg, capsys):
    assert transfer.main(["--from", demo_db, "--to", blank_pg]) == 0
    counts = row_counts(blank_pg)
    assert transfer.main(["--from", demo_db, "--to", blank_pg]) == 1
    assert "already holds data" in capsys.readouterr().err
    assert row_counts(blank_pg) == counts  # nothing copied twice


def test_it_copies_into_an_already_migrated_empty_database(demo_db, pg_url, pg_migrated_template):
    target = create_database(pg_url, template=pg_migrated_template)
    try:
        assert transfer.main(["--from", demo_db, "--to", target]) == 0
        assert row_counts(target) == row_counts(demo_db)
    finally:
        engine_for(target).dispose()
        drop_database(target)


def test_it_copies_nothing_when_the_check_fails(demo_db, blank_pg, monkeypatch, capsys):
    def lose_a_row(expected, dst):  # a copy that came out short must not be committed
        raise transfer.TransferError("row counts differ after the copy: checkin: 15 -> 14")

    monkeypatch.setattr(transfer, "_verify", lose_a_row)
    assert transfer.main(["--from", demo_db, "--to", blank_pg]) == 1
    assert "row counts differ" in capsys.readouterr().err
    assert not holds_data(blank_pg)


@pytest.mark.parametrize(
    "args",
    [[], ["--from", "sqlite:///x.db"], ["--to", "postgresql+psycopg://x/y"], ["--force"]],
)
def test_it_exits_2_on_bad_arguments(args):
    with pytest.raises(SystemExit) as exit_:
        transfer.main(args)
    assert exit_.value.code == 2


def test_it_says_plainly_what_is_wrong_with_the_urls(tmp_path, pg_url):
    missing = f"sqlite:///{tmp_path / 'missing.db'}"
    cases = [
        (["--from", missing, "--to", pg_url], "there is no database at"),
        (["--from", pg_url, "--to", pg_url], "--from must be a sqlite:/// URL"),
        (["--from", missing, "--to", missing], "--to must be a postgresql"),
    ]
    for args, message in cases:
        done = subprocess.run(
            [sys.executable, "-m", "db.transfer", *args],
            cwd=ROOT,
            env={**os.environ, "RECALIBRATE_ENV": "test"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_every_value_arrives_as_the_app_reads_it_on_sqlite(demo_db, blank_pg):
    """COPY sends each value through its column type, as an INSERT would: JSON answers, enums,
    aware UTC times, dates, booleans and NULLs read back the same on PostgreSQL, row for row."""
    _writes_after_the_seed()
    assert transfer.main(["--from", demo_db, "--to", blank_pg]) == 0
    compared = 0
    with engine_for(demo_db).connect() as a, engine_for(blank_pg).connect() as b:
        for table in transfer.tables():
            query = select(table).order_by(*table.primary_key.columns)
            source, target = a.execute(query).all(), b.execute(query).all()
            assert target == source, table.name
            compared += len(source)
    assert compared == sum(row_counts(demo_db).values()) - row_counts(demo_db)["alembic_version"]
