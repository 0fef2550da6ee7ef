"""The database holds health records: only the app's own user may read its files (issue 10).

Each step runs in a fresh Python started with the loose umask 022 that most machines have, as
``make run`` and a service manager would start it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from core.settings import ROOT

WRITE_AND_LIST = """
import os, stat, sys
from sqlalchemy import text
from db.engine import get_engine, keep_files_private
keep_files_private()
engine = get_engine()
with engine.begin() as conn:  # a write: WAL and shared-memory files exist while it is open
    conn.execute(text("CREATE TABLE IF NOT EXISTS note (x INTEGER)"))
    conn.execute(text("INSERT INTO note VALUES (1)"))
    path = sys.argv[1]
    for name in (path, path + "-wal", path + "-shm"):
        print(oct(stat.S_IMODE(os.stat(name).st_mode)))
"""


def run_python(args: list[str], url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "RECALIBRATE_ENV": "test"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: os.umask(0o022),  # noqa: PLW1509 - the loose default to protect against
        timeout=120,
    )
    return done.stdout


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_it_creates_the_data_folder_700_and_the_database_600(tmp_path):
    data = tmp_path / "data"
    db = data / "recalibrate.db"
    run_python(["-m", "db.migrate"], f"sqlite:///{db}")
    assert mode(data) == 0o700
    assert mode(db) == 0o600


def test_it_keeps_the_wal_and_shared_memory_files_600_while_the_app_writes(tmp_path):
    db = tmp_path / "data" / "recalibrate.db"
    out = run_python(["-c", WRITE_AND_LIST, str(db)], f"sqlite:///{db}")
    assert out.split() == ["0o600", "0o600", "0o600"]


def test_it_tightens_a_database_file_left_readable_by_everyone(tmp_path):
    db = tmp_path / "recalibrate.db"
    sqlite3.connect(db).close()
    db.chmod(0o644)
    out = run_python(["-c", WRITE_AND_LIST, str(db)], f"sqlite:///{db}")
    assert mode(db) == 0o600 and out.split() == ["0o600", "0o600", "0o600"]


def test_it_starts_streamlit_with_a_private_umask_in_make_run():
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "umask 077 && $(VENV)/bin/streamlit run app.py" in recipe
