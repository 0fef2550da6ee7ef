"""Items 3 and 4 of issue 14: the follow-up rules' time, and how the panel and the rules grow.

``python -m bench --only rules,curve`` builds one synthetic cohort (db.seed_cohort, real
migrations, built without running the rules; 20,000 x 180 days, ``--quick`` 2,000 x 28) in a
temporary SQLite file, or uses the first ``--database URL`` given, and prints:

- **Rules** (item 4): the whole cohort's run in-process, the first run (it opens the cohort's
  flags) and the median of warm reruns (nothing new to open), CPU and wall; beside it the wall
  time of the command cron runs (``python -m db.rules --all``, a fresh interpreter, its imports
  included); and one check-in's rules (``db.rules.run_for_patient``, what runs after each save),
  the median over patients. Goals: the cohort within 2 s in-process on SQLite, one check-in's
  rules within 20 ms.
- **Cost curve** (item 3): the panel of coordinators with 1k, 5k, 10k and 20k patients
  (``panel_for_staff``, the set-based query the page calls) and the rules over the first 1k, 5k,
  10k and 20k patients (``run_all(patient_ids=...)``), medians of warm runs, with the exponent
  fitted over log(time) = a + b log(n). Goal: b <= 1.1 (cost grows no faster than the cohort).

A benchmark, never a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

RULES_GOAL_S = 2.0
GOAL_PATIENTS = 10_000  # the cohort size the 2 s goal is about
ONE_PATIENT_GOAL_MS = 20.0
EXPONENT_GOAL = 1.1
SIZES = (1000, 5000, 10_000, 20_000)
QUICK_SIZES = (250, 500, 1000, 2000)
ROOT = Path(__file__).resolve().parents[1]


def _timed(fn: Callable[[], object], repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``repeats`` warm calls (after one call that is not counted)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return wall, cpu


def _spread(samples: list[float], scale: float = 1.0) -> str:
    values = [s * scale for s in samples]
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def exponent(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of log(time) over log(size): 1.0 is linear."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def _patient_ids() -> list[int]:
    from sqlmodel import select

    from db.engine import read_session
    from db.models import Enrolment

    with read_session() as session:
        return sorted(set(session.exec(select(Enrolment.patient_id)).all()))


def measure_rules(url: str, quick: bool, known: dict[int, list[float]]) -> list[str]:
    """Item 4, as Markdown lines; the warm reruns' CPU seconds by cohort size go into ``known``
    (the cost curve reuses them)."""
    from bench import summary
    from db import rules

    os.environ["DATABASE_URL"] = url
    repeats = 2 if quick else 3
    w, c = time.perf_counter(), time.process_time()
    first = rules.run_all()
    first_wall, first_cpu = time.perf_counter() - w, time.process_time() - c
    wall, cpu = _timed(rules.run_all, repeats)
    ids = _patient_ids()
    known[len(ids)] = cpu
    goal_size = GOAL_PATIENTS if len(ids) > GOAL_PATIENTS else len(ids)
    if goal_size not in known:
        known[goal_size] = _timed(lambda: rules.run_all(patient_ids=ids[:goal_size]), repeats)[1]
    at_goal = statistics.median(known[goal_size])
    env = dict(os.environ, DATABASE_URL=url)
    commands = []
    for _ in range(1 if quick else 2):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "db.rules", "--all"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        commands.append(time.perf_counter() - started)
    last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    step = max(1, len(ids) // (10 if quick else 25))
    one = []
    for patient_id in ids[::step]:
        started = time.perf_counter()
        rules.run_for_patient(patient_id)
        one.append(time.perf_counter() - started)
    one_ms = statistics.median(one) * 1000
    summary.add("4", f"rules over {goal_size} patients, in-process CPU s", f"{at_goal:.2f}",
                f"<= {RULES_GOAL_S:.0f} s", at_goal <= RULES_GOAL_S)  # fmt: skip
    summary.add("4", "one check-in's rules, ms", f"{one_ms:.1f}",
                f"<= {ONE_PATIENT_GOAL_MS:.0f}", one_ms <= ONE_PATIENT_GOAL_MS)  # fmt: skip
    return [
        f"### Rules: {first.checked} patients (item 4)",
        "",
        "| what | figure | goal |",
        "|---|---:|---:|",
        f"| first run in-process (opened {first.opened} flags), wall / CPU s | "
        f"{first_wall:.2f} / {first_cpu:.2f} | |",
        f"| warm rerun over the first {goal_size} patients, CPU s, median (min-max) | "
        f"{_spread(known[goal_size])} | "
        f"<= {RULES_GOAL_S:.0f} s {'met' if at_goal <= RULES_GOAL_S else 'MISSED'} |",
        f"| warm rerun over all {len(ids)}, CPU s | {_spread(cpu)} | |",
        f"| warm rerun in-process, wall s | {_spread(wall)} | |",
        f"| `python -m db.rules --all`, wall s (a fresh interpreter) | {_spread(commands)} | |",
        f"| one check-in's rules (`run_for_patient`), ms, {len(one)} patients | "
        f"{_spread(one, 1000)} | <= {ONE_PATIENT_GOAL_MS:.0f} ms "
        f"{'met' if one_ms <= ONE_PATIENT_GOAL_MS else 'MISSED'} |",
        "",
        f"The command's last line: `{last}` (exit {done.returncode}).",
    ]


def measure_curve(url: str, quick: bool, known: dict[int, list[float]]) -> list[str]:
    """Item 3, as Markdown lines (the rules' sizes already timed by item 4 are not run again)."""
    from sqlmodel import select

    from bench import summary
    from db import rules
    from db.access import actor_from_user
    from db.engine import read_session
    from db.models import Enrolment, User
    from db.queries import panel_for_staff

    os.environ["DATABASE_URL"] = url
    repeats = 2 if quick else 3
    with read_session() as session:
        ids = sorted(set(session.exec(select(Enrolment.patient_id)).all()))
        staff = session.exec(
            select(User).where(
                User.username.like("cohort-coord-%") | (User.username == "cohort-lead")
            )
        ).all()
        actors = [actor_from_user(session, u) for u in staff]
    sizes = [n for n in (QUICK_SIZES if quick else SIZES) if n < len(ids)] + [len(ids)]
    panels = {}
    for actor in actors:
        size = len(panel_for_staff(actor=actor))
        if size not in panels:
            panels[size] = statistics.median(
                _timed(lambda a=actor: panel_for_staff(actor=a), repeats)[0]
            )
    for n in sizes:
        if n not in known:
            known[n] = _timed(lambda n=n: rules.run_all(patient_ids=ids[:n]), repeats)[1]  # CPU
    rules_at = {n: statistics.median(known[n]) for n in sizes}
    lines = [
        "### Cost curve (item 3)",
        "",
        "| patients | panel query, wall ms | rules, CPU s |",
        "|---:|---:|---:|",
    ]
    for n in sorted(set(panels) | set(rules_at)):
        panel = f"{panels[n] * 1000:.0f}" if n in panels else ""
        rule = f"{rules_at[n]:.2f}" if n in rules_at else ""
        lines.append(f"| {n} | {panel} | {rule} |")
    lines.append("")
    for name, points in (("panel", sorted(panels.items())), ("rules", sorted(rules_at.items()))):
        if len(points) >= 2:
            b = exponent(points)
            verdict = "met" if b <= EXPONENT_GOAL else "MISSED"
            summary.add("3", f"{name}: fitted exponent, {points[0][0]}-{points[-1][0]} patients",
                        f"{b:.2f}", f"<= {EXPONENT_GOAL}", b <= EXPONENT_GOAL)  # fmt: skip
            lines.append(
                f"- {name}: fitted exponent **{b:.2f}** over {points[0][0]}-{points[-1][0]} "
                f"patients (goal <= {EXPONENT_GOAL}: {verdict})"
            )
    return lines


def run(parts: list[str], cohort, quick: bool) -> None:
    """The ``rules`` and ``curve`` parts of ``python -m bench``, on the run's cohort
    (bench/cohort.py); the rules part's first run opens the cohort's flags."""
    from bench.live import machine_line

    known: dict[int, list[float]] = {}
    for part in parts:
        started = time.perf_counter()
        if part == "rules":
            lines = measure_rules(cohort.sqlite_url, quick, known)
            cohort.rules_run = True
        else:
            cohort.ensure_rules()
            lines = measure_curve(cohort.sqlite_url, quick, known)
        print("\n" + "\n".join(lines), flush=True)
        print(f"\n({part}: {time.perf_counter() - started:.0f} s, {machine_line()})")
