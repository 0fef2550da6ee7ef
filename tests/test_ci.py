"""CI runs the whole suite on SQLite and PostgreSQL: `.ci/run` is `make test`, which installs
PostgreSQL on a fresh Debian machine, and under CI=true a missing server fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_PG_TEST = (
    "tests/db/test_engine_parity.py::test_it_reads_aware_times_back_as_the_same_instant_in_utc"
)


def test_it_runs_make_test_in_ci_which_installs_postgresql_first():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    done = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    plan = done.stdout
    # The dry run prints the postgres recipe (it only installs when no initdb is found).
    assert "/usr/lib/postgresql/*/bin/initdb" in plan
    assert "apt-get install -y -qq postgresql" in plan
    assert plan.index("apt-get install -y -qq postgresql") < plan.index("bin/pytest")


def _pytest_without_postgres(ci: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PG_BIN": "/nonexistent/postgresql/bin", "CI": ci}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{ONE_PG_TEST}[postgresql]",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_fails_the_ci_run_when_postgresql_cannot_start():
    done = _pytest_without_postgres("true")
    assert done.returncode != 0
    assert "PostgreSQL is required when CI=true" in done.stdout


def test_it_skips_the_postgresql_half_with_a_reason_outside_ci():
    done = _pytest_without_postgres("false")
    assert done.returncode == 0, done.stdout[-2000:]
    assert "PostgreSQL half skipped" in done.stdout and "make postgres" in done.stdout
