"""``python -m db.backup``: a backup taken while people are writing restores whole and verified."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db import backup
from db.actions import record_check_in
from db.audit import record
from db.engine import engine_for, write_session
from db.models import AuditEvent
from tests.utils import actor_for, load
from tests.utils.postgres import create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_it_writes_a_backup_readable_by_its_owner_only(db, tmp_path):
    target = tmp_path / "nightly.backup"
    assert backup.main(["create", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_it_refuses_to_write_over_an_existing_file(db, tmp_path, capsys):
    target = tmp_path / "nightly.backup"
    target.write_text("last week's backup")
    assert backup.main(["create", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "last week's backup"


def fresh_database(db: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the same engine as ``db`` (dropped after the test)."""
    if db.startswith("sqlite"):
        return sqlite_url(tmp_path / "restored" / "clinic.db")
    url = create_database(request.getfixturevalue("pg_url"))
    request.addfinalizer(lambda: (engine_for(url).dispose(), drop_database(url)))
    return url


def test_it_restores_a_backup_taken_during_writes_whole_and_verified(
    db, tmp_path, monkeypatch, request
):
    load.setup_world(db, 4)
    stop = threading.Event()
    written = {"check_ins": 0, "audit": 0}

    def check_ins(index: int) -> None:
        me = actor_for(f"p{index}")
        day = 0
        while not stop.is_set():
            now = load.noon(load.START + timedelta(day))
            record_check_in(actor=me, now=now, **load.CHECK_IN)
            written["check_ins"] += 1
            day += 1

    def audit_rows() -> None:
        while not stop.is_set():
            with write_session() as session:
                record(session, actor=None, action="load_test", detail="during the backup")
            written["audit"] += 1

    threads = [threading.Thread(target=check_ins, args=(i,)) for i in range(3)]
    threads.append(threading.Thread(target=audit_rows))
    for thread in threads:
        thread.start()
    try:
        while written["check_ins"] < 20:  # well under way before the snapshot
            stop.wait(0.05)
        snapshot = tmp_path / "during-writes.backup"
        acknowledged = written["check_ins"]
        assert backup.main(["create", str(snapshot)]) == 0
        while written["check_ins"] < 40:  # and still writing after it
            stop.wait(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    # Restored into a brand-new database (on PostgreSQL one with nothing in it, not even tables).
    fresh = fresh_database(db, tmp_path, request)
    monkeypatch.setenv("DATABASE_URL", fresh)
    started = time.monotonic()
    assert backup.main(["restore", str(snapshot)]) == 0
    seconds = time.monotonic() - started
    restored = backup.row_counts(fresh)
    if db.startswith("sqlite"):  # everything in the backup, plus the row that says it was restored
        in_snapshot = backup.row_counts(sqlite_url(snapshot))
        assert restored == {**in_snapshot, "auditevent": in_snapshot["auditevent"] + 1}
    # Every check-in acknowledged before the backup began is in it (a copy of the main file alone
    # would miss those still in the WAL), and writing went on while it was taken.
    assert acknowledged <= restored["checkin"] < backup.row_counts(db)["checkin"]
    assert restored["auditevent"] > 0
    assert load.audit_problems(fresh) == []
    with Session(engine_for(fresh)) as session:
        newest = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert newest.action == "audit_restored"
    assert newest.detail == f"restored to sequence {restored['auditevent'] - 1} from a backup"
    engine_for(fresh).dispose()
    print(f"\nrestored {sum(restored.values())} rows in {seconds:.2f} s")


def test_it_refuses_to_restore_over_data_unless_forced(db, tmp_path, monkeypatch, capsys):
    load.setup_world(db, 1)
    snapshot = tmp_path / "a.backup"
    assert backup.main(["create", str(snapshot)]) == 0
    assert backup.main(["restore", str(snapshot)]) == 1
    assert "already holds data" in capsys.readouterr().err
    assert backup.main(["restore", str(snapshot), "--force"]) == 0
    assert load.audit_problems(db) == []


@pytest.mark.parametrize(
    "args", [[], ["create"], ["restore"], ["copy", "x"], ["create", "a", "--force"]]
)
def test_it_exits_2_on_bad_arguments(db, args):
    with pytest.raises(SystemExit) as exit_:
        backup.main(args)
    assert exit_.value.code == 2


def test_it_says_plainly_that_a_damaged_file_is_not_a_backup(db, tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    fresh = sqlite_url(tmp_path / "fresh.db")
    done = subprocess.run(
        [sys.executable, "-m", "db.backup", "restore", str(damaged)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": fresh},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "restore failed:" in done.stderr and str(damaged) in done.stderr
    assert "Traceback" not in done.stderr


def test_it_says_when_there_is_no_backup_file(db, tmp_path, capsys):
    assert backup.main(["restore", str(tmp_path / "missing.backup")]) == 1
    assert "there is no backup file" in capsys.readouterr().err
