"""Adherence for the care team: of the items the program made due in the last 14 days, how many
were done. Apart from outcome: it says nothing of pain or scores. Pure Python.

What is due (design choice, from what the program schedules):

- **check-ins**: one for each of the window's days from the enrolment's start (the baseline week
  asks for daily check-ins too), except paused days;
- **lessons**: each lesson whose due day (its program week and day, ``curriculum.due_days``;
  paused days do not count) falls on one of those days, unless the clinician held or skipped it;
- **questionnaires**: each questionnaire the schedule sets for a program week
  (``measures.SCHEDULE``: the PEG weekly, PHQ-9 and GAD-7 every 4 weeks, the CSI at weeks 6 and
  12) whose last day falls on one of those days. The baseline week's are onboarding steps, not
  counted here.

The window is the 14 local days ending *yesterday*: today is not over, so nothing due today counts
as missed yet. An item is done if it was done by the end of the window: a check-in on that day, the
lesson completed (any version), a response to that questionnaire for that program week.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from program.curriculum import ModuleRef, PlanEventRef, paused_dates
from program.defaults import DEFAULTS
from program.measures import SCHEDULE, schedule_due
from program.vocabulary import PlanEventKind

MOVES = (PlanEventKind.HOLD, PlanEventKind.RELEASE, PlanEventKind.SKIP)


def lesson_offsets(modules: Iterable[ModuleRef], due_day: Mapping[int, int]) -> dict[int, int]:
    """Each lesson's due day counted in program days from week 1's first day (0-based)."""
    return {m.id: 7 * (m.week - 1) + due_day[m.id] for m in modules if m.week >= 1}


def scheduled(week: int) -> list[str]:
    """The questionnaires due in program ``week`` (1 or later)."""
    return [code for code in SCHEDULE if week >= 1 and schedule_due(code, week)]


def window(today: date, days: int = DEFAULTS.adherence_window_days) -> tuple[date, date]:
    """The first and last day of the adherence window: ``days`` days ending yesterday."""
    return today - timedelta(days=days), today - timedelta(days=1)


@dataclass(frozen=True)
class DueItems:
    until: date  # the window's last day: what was done by then counts
    check_in_days: frozenset[date]
    lessons: frozenset[int]  # module ids
    questionnaires: frozenset[tuple[str, int]]  # (instrument, program week)

    @property
    def count(self) -> int:
        return len(self.check_in_days) + len(self.lessons) + len(self.questionnaires)


def due_items(
    *,
    today: date,
    start_date: date,
    week1_start: date | None,
    events: Collection[PlanEventRef],
    offsets: Mapping[int, int],
    days: int = DEFAULTS.adherence_window_days,
) -> DueItems:
    """What the program made due in the window (see the module's docstring)."""
    first, last = window(today, days)
    paused = paused_dates(events, last)
    open_days = [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if first + timedelta(days=n) >= start_date and first + timedelta(days=n) not in paused
    ]
    program_days: set[int] = set()
    if week1_start is not None:
        paused_since_week1 = sorted(d for d in paused if d >= week1_start)
        for day in open_days:
            if day >= week1_start:
                before = bisect_left(paused_since_week1, day)
                program_days.add((day - week1_start).days - before)
    put_aside = _held_or_skipped(events, last)
    lessons = {m for m, offset in offsets.items() if offset in program_days} - put_aside
    weeks = {(d + 1) // 7 for d in program_days if (d + 1) % 7 == 0}
    questionnaires = {(code, w) for w in weeks for code in scheduled(w)}
    return DueItems(last, frozenset(open_days), frozenset(lessons), frozenset(questionnaires))


def _held_or_skipped(events: Iterable[PlanEventRef], day: date) -> set[int]:
    """Modules whose newest hold, release or skip on or before ``day`` is a hold or a skip
    (the rule of ``curriculum.module_states``)."""
    latest: dict[int, PlanEventRef] = {}
    for event in sorted(events, key=lambda e: (e.effective_date, e.sequence)):
        if event.effective_date <= day and event.module_id is not None and event.kind in MOVES:
            latest[event.module_id] = event
    return {m for m, e in latest.items() if e.kind != PlanEventKind.RELEASE}


@dataclass(frozen=True)
class Adherence:
    due: int
    done: int

    @property
    def share(self) -> float | None:
        """Done of due, 0-1; None when nothing was due (not started, or paused all along)."""
        return self.done / self.due if self.due else None


def adherence(
    due: DueItems,
    *,
    check_in_dates: Collection[date],
    completed: Mapping[int, date],
    responses: Collection[tuple[str, int]],
) -> Adherence:
    """How many of the due items were done by the end of the window.

    ``completed``: each module's first completion date; ``responses``: (instrument, program
    week) of every questionnaire answered.
    """
    done = len(due.check_in_days & set(check_in_dates))
    done += sum(1 for m in due.lessons if m in completed and completed[m] <= due.until)
    done += len(due.questionnaires & set(responses))
    return Adherence(due.count, done)
