"""``python -m core.serve``: a replica starts only with sound settings on a database at the newest
migration (it never migrates), refuses SQLite as one of several production replicas, and then is
a real ``streamlit run`` of the app."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess  # nosec B404: the app's own command, with fixed arguments
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from alembic import command

from core.serve import check, main
from core.settings import ROOT
from db.engine import engine_for
from db.migrate import alembic_config
from tests.utils.postgres import create_database, drop_database


def production(url: str, **extra: str) -> dict[str, str]:
    return {
        "RECALIBRATE_ENV": "production",
        "DATABASE_URL": url,
        "COOKIE_KEY": secrets.token_urlsafe(48),
        "AUDIT_KEY": secrets.token_urlsafe(48),
        **extra,
    }


def serve(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(  # nosec B603: fixed arguments
        [sys.executable, "-m", "core.serve", *args],
        cwd=ROOT,
        env={**os.environ, "RECALIBRATE_SECRETS_FILE": os.devnull, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.engines("sqlite", "postgresql")
def test_it_starts_a_replica_on_a_database_at_the_newest_migration(db):
    env = production(db, RECALIBRATE_REPLICAS="1")
    if db.startswith("postgresql"):
        env |= {
            "RECALIBRATE_REPLICAS": "2",
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        }
    assert check(env) == []
    done = serve(env, "--check")
    assert done.returncode == 0, done.stderr
    assert "settings and schema are fine" in done.stdout


def test_it_refuses_a_database_nobody_migrated_and_does_not_migrate_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    done = serve(production(url), "--check")
    assert done.returncode == 1
    assert "no schema yet: run `python -m db.migrate` once first" in done.stderr
    with engine_for(url).connect() as conn:  # still empty: the replica created no table
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master").all() == []
    engine_for(url).dispose()


def test_it_refuses_a_database_one_migration_behind_the_code(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = alembic_config(url)
    head = command.ScriptDirectory.from_config(config).get_current_head()
    previous = command.ScriptDirectory.from_config(config).get_revision(head).down_revision
    command.upgrade(config, previous)
    engine_for(url).dispose()
    problems = check(production(url))
    assert len(problems) == 1
    assert f"at migration {previous}, this code needs {head}" in problems[0]
    assert "replicas never migrate" in problems[0]


def test_it_refuses_sqlite_in_production_when_several_replicas_share_the_database(db):
    secret = secrets.token_hex(32)
    (problem,) = check(
        production(db, RECALIBRATE_REPLICAS="2", STREAMLIT_SERVER_COOKIE_SECRET=secret)
    )
    assert problem.startswith("RECALIBRATE_REPLICAS=2 needs PostgreSQL")
    # One replica on SQLite is the embedded set-up, and the demo may run two on one machine.
    assert check(production(db, RECALIBRATE_REPLICAS="1")) == []
    assert check({"RECALIBRATE_ENV": "demo", "DATABASE_URL": db, "RECALIBRATE_REPLICAS": "2"}) == []


def test_it_refuses_several_replicas_without_a_shared_strong_cookie_secret(
    pg_url, pg_migrated_template
):
    url = create_database(pg_url, template=pg_migrated_template)
    try:
        (problem,) = check(production(url, RECALIBRATE_REPLICAS="3"))
        assert problem.startswith("STREAMLIT_SERVER_COOKIE_SECRET")
        weak = production(url, RECALIBRATE_REPLICAS="3", STREAMLIT_SERVER_COOKIE_SECRET="secret")
        assert check(weak)[0].startswith("STREAMLIT_SERVER_COOKIE_SECRET")
    finally:
        drop_database(url)


def test_it_says_what_is_wrong_with_the_settings_and_exits_1(db):
    done = serve(production(db, COOKIE_KEY="changeme"), "--check")
    assert done.returncode == 1 and "COOKIE_KEY" in done.stderr and "Traceback" not in done.stderr
    assert serve(production(db, RECALIBRATE_REPLICAS="lots"), "--check").returncode == 1
    assert serve(production(db, AUDIT_KEY=""), "--check").returncode == 1
    assert (
        "cannot be reached" in check(production("postgresql+psycopg://nobody@127.0.0.1:1/none"))[0]
    )
    with pytest.raises(SystemExit) as exit_:
        main(["--port", "many"])
    assert exit_.value.code == 2


def test_it_becomes_a_streamlit_server_of_the_app_on_the_port_asked(db):
    from tests.browser.conftest import _free_port

    port = _free_port()
    log = Path(db.removeprefix("sqlite:///")).with_suffix(".log")
    with log.open("wb") as out:
        proc = subprocess.Popen(  # nosec B603: fixed arguments
            [sys.executable, "-m", "core.serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **production(db), "RECALIBRATE_SECRETS_FILE": os.devnull},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline, healthy = time.monotonic() + 45, False
        while time.monotonic() < deadline and proc.poll() is None and not healthy:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:  # nosec B310
                    healthy = r.status == 200
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        assert healthy, log.read_text()[-2000:]
        # exec: the checked process itself is the server (what systemd watches).
        assert "streamlit" in Path(f"/proc/{proc.pid}/cmdline").read_text()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
