"""No dead code: vulture (configured in pyproject.toml) finds nothing outside its whitelist."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_it_finds_no_unused_code_outside_the_whitelist():
    found = subprocess.run(
        [sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert found.stderr == ""
    assert found.stdout == "", "unused code (remove it, or whitelist it with a reason):\n" + (
        found.stdout
    )
    assert found.returncode == 0
