"""``python -m bench`` on a tiny cohort: one cohort serves the rules, the curve and the panel, and the
run ends with every goal in one Markdown table (issue 14's "Done when")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.cohort import FULL, QUICK, size_for

ROOT = Path(__file__).resolve().parents[2]


def test_the_full_cohort_has_the_panels_the_curve_and_the_goal_read():
    assert (FULL.patients, FULL.days) == (20_000, 180)
    assert FULL.panels == (1000, 5000, 10_000)  # the rest (4,000) goes to a fourth coordinator
    assert (FULL.goal_panel, FULL.goal_staff) == (10_000, "cohort-coord-3")
    assert QUICK.goal_panel == 1000
    small = size_for(False, patients=3000, days=14)
    assert (small.patients, small.days, small.panels) == (3000, 14, (1000,))


def test_one_run_reads_one_cohort_and_prints_every_goal(tmp_path):
    env = dict(os.environ, RECALIBRATE_ENV="test", TMPDIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "rules,curve,panel", "--engines", "sqlite",
         "--quick", "--patients", "300", "--days", "14"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert out.count("## The cohort: 300 x 14 days on sqlite") == 1  # written once, read thrice
    assert "### Rules: " in out and "### Cost curve (item 3)" in out
    assert "### Coordinator panel (item 2)" in out and "sqlite 250: rows equal: yes" in out
    goals = out[out.index("## Goals") :]
    for item in ("| 2 | panel page, sqlite, 250 patients", "| 3 | panel: fitted exponent",
                 "| 3 | rules: fitted exponent", "| 4 | rules over 300 patients",
                 "| 4 | one check-in's rules"):  # fmt: skip
        assert item in goals, goals
    assert "Whole run: " in out
    assert not list(tmp_path.glob("recalibrate-bench-*")), "the cohort's files were left behind"


def test_every_name_the_bench_imports_inside_a_function_exists():
    """The bench imports most of the app lazily, inside the part that needs it: a module moved or
    renamed elsewhere (tests/test_deploy_config.py's nginx set-up moved to tests/utils/nginx.py)
    broke `make bench` ten minutes into a run. Each such import must resolve."""
    import ast
    import importlib

    missing = []
    for path in sorted((ROOT / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.split(".")[0] not in {"bench", "db", "tests", "core", "program"}:
                    continue
                module = importlib.import_module(node.module)
                for alias in node.names:
                    if not hasattr(module, alias.name):
                        try:
                            importlib.import_module(f"{node.module}.{alias.name}")
                        except ImportError:
                            missing.append(f"{path.name}: from {node.module} import {alias.name}")
    assert not missing, missing
