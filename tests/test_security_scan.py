"""Static security scan of the app code: bandit finds nothing of medium or high severity.

A justified exception is marked inline (``# nosec BXXX`` with the reason on the line above).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_CODE = ["app.py", "core", "db", "pages", "program"]


def test_it_has_no_medium_or_high_bandit_finding_in_app_code():
    pytest.importorskip("bandit", reason="bandit is pinned in requirements-dev.txt")
    done = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", *APP_CODE, "--severity-level", "medium"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
