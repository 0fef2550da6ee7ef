"""The one synthetic cohort a ``make bench`` run builds, and reuses for every part that reads one.

Issue 14's "Done when": one 20,000 x 180 cohort, generated once, with coordinators whose panels
hold 1,000, 5,000 and 10,000 of its patients (the rest, 4,000, to a fourth; the clinic-wide
``cohort-lead`` sees all 20,000), so that:

- the rules (item 4) time their first run on it (which opens the cohort's flags), their warm
  reruns over the first 10,000 patients (the goal's size) and over all 20,000;
- the cost curve (item 3) times the panels of those coordinators and the rules over the first
  1k, 5k, 10k and 20k patients;
- the panel (item 2) is the 10,000-patient coordinator's, on SQLite and, after ``db.transfer``
  has copied the same rows (flags included) into a throwaway PostgreSQL server, on PostgreSQL:
  both engines answer for the same rows.

``--quick``: 2,000 x 28 days, panels of 250, 500 and 1,000 (the panel part reads the 1,000).
The browser parts (pages, phones, network) and the loop build their own small databases: each
needs patients in a state of its own (no check-in today, logins at the production bcrypt cost,
seeded without the rules), and they cost seconds.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Size:
    patients: int
    days: int
    panels: tuple[int, ...]  # the coordinators' panels (the rest of the cohort goes to one more)

    @property
    def goal_panel(self) -> int:
        """The panel the page's goal is about (issue 13: 10,000; quick: the largest panel)."""
        return max(self.panels)

    @property
    def goal_staff(self) -> str:
        """The coordinator whose panel that is (db.seed_cohort names them in panel order)."""
        return f"cohort-coord-{1 + self.panels.index(self.goal_panel)}"


FULL = Size(patients=20_000, days=180, panels=(1000, 5000, 10_000))
QUICK = Size(patients=2000, days=28, panels=(250, 500, 1000))


@dataclass
class Cohort:
    """Where the cohort is, and what building it cost (the seconds are printed)."""

    sqlite_url: str
    what: str  # one line: size, engine, how long it took to write
    size: Size | None  # None: a database given with --database (its own size)
    rules_run: bool = False  # the cohort's first rules run has opened its flags
    timings: dict[str, float] = field(default_factory=dict)
    _postgres: str | None = None
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def ensure_rules(self) -> None:
        """Open the cohort's flags once (the panel counts them) when the rules part did not."""
        if self.rules_run:
            return
        from db import rules

        os.environ["DATABASE_URL"] = self.sqlite_url
        started = time.perf_counter()
        rules.run_all()
        self.timings["rules, first run (untimed part)"] = time.perf_counter() - started
        self.rules_run = True

    def postgres_url(self) -> str:
        """The same rows on a throwaway PostgreSQL server (db.transfer), made on first use."""
        if self._postgres is None:
            self.ensure_rules()
            sys.path.insert(0, str(ROOT))
            from db.transfer import transfer
            from tests.utils.postgres import create_database, start_server

            server = start_server()
            self._stack.callback(server.stop)
            url = create_database(server.url(), name="bench")
            started = time.perf_counter()
            transfer(self.sqlite_url, url)
            self.timings["db.transfer to PostgreSQL"] = time.perf_counter() - started
            self._postgres = url
        return self._postgres


def size_for(quick: bool, patients: int | None = None, days: int | None = None) -> Size:
    """FULL or QUICK, or another size (``--patients``, ``--days``) with the panels that fit."""
    base = QUICK if quick else FULL
    if patients is None and days is None:
        return base
    patients = patients or base.patients
    panels = tuple(n for n in base.panels if n < patients) or (max(1, patients // 2),)
    while sum(panels) > patients:
        panels = panels[:-1]
    return Size(patients, days or base.days, panels)


def _seed(url: str, size: Size) -> float:
    from db.migrate import upgrade
    from db.seed_cohort import seed_cohort

    os.environ["DATABASE_URL"] = url
    upgrade(url)
    started = time.perf_counter()
    seed_cohort(patients=size.patients, days=size.days, panels=size.panels, run_rules=False)
    return time.perf_counter() - started


@contextlib.contextmanager
def shared_cohort(tmp: str, database: str | None, size: Size) -> Iterator[Cohort]:
    """The run's cohort: the SQLite database given with ``--database``, or one written here."""
    if database:
        cohort = Cohort(database, f"the cohort in {database.split(':')[0]} given with --database",
                        None, rules_run=True)  # fmt: skip
    else:
        url = f"sqlite:///{Path(tmp) / 'cohort.db'}"
        seconds = _seed(url, size)
        cohort = Cohort(
            url,
            f"{size.patients} x {size.days} days on sqlite, panels of "
            f"{', '.join(str(n) for n in size.panels)} and the rest, written in {seconds:.0f} s",
            size,
        )
        cohort.timings["seed"] = seconds
    with cohort._stack:
        yield cohort
