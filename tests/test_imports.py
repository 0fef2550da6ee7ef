"""The commands' modules can each be the first one a fresh interpreter imports.

Commands (`python -m db.rules`, `python -m db.outbox`), cron jobs and tools start from different
modules, and an import cycle shows only when a module inside it is imported first: `db.rules`
writes flags through `db.actions`, whose saves run the rules again (db/rule_runs.py).
"""

import subprocess  # nosec B404: the interpreter running the tests, with fixed arguments
import sys

from core.settings import ROOT

FIRST_IMPORTS = ("db.rules", "db.rule_runs", "db.outbox")


def test_it_imports_each_commands_module_first_in_a_fresh_interpreter():
    failed = []
    for module in FIRST_IMPORTS:
        done = subprocess.run(  # nosec B603: fixed arguments
            [sys.executable, "-c", f"import {module}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode:
            failed.append(f"{module}: {done.stderr.strip().splitlines()[-1]}")
    assert not failed, failed
