"""Which modules a patient sees on a given local day, from their start date and plan events.

Pure: the caller passes the modules, the patient's append-only plan events and the local date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from program.vocabulary import PlanEventKind

AVAILABLE = "available"
HELD = "held"
SKIPPED = "skipped"
LOCKED = "locked"


@dataclass(frozen=True)
class ModuleRef:
    id: int
    slug: str
    week: int
    track: str
    order: int
    title: str


@dataclass(frozen=True)
class PlanEventRef:
    kind: str  # hold | release | unlock | skip | pause | resume
    effective_date: date
    module_id: int | None = None
    reason: str = ""
    sequence: int = 0  # creation order, breaks ties between events of the same day
    # What a movement or sleep change sets (program/plan_changes.py); a pause's planned last day.
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    until: date | None = None


@dataclass(frozen=True)
class ModuleState:
    module: ModuleRef
    state: str
    reason: str = ""
    due_day: int = 0  # day of its program week (0 = the week's first day) on which it is due

    @property
    def visible(self) -> bool:
        return self.state == AVAILABLE


@dataclass(frozen=True)
class DayPlan:
    week: int  # 0 = not started; may exceed ``weeks`` once the program is over
    weeks: int
    paused: bool
    pause_reason: str
    modules: tuple[ModuleState, ...]
    day: int = 0  # day of the program week, 0-6 (paused days do not count)
    pause_until: date | None = None  # the last day of the pause in force (None: until resumed)

    @property
    def display_week(self) -> int:
        return max(1, min(self.week, self.weeks))

    @property
    def finished(self) -> bool:
        return self.week > self.weeks

    def this_week(self) -> list[ModuleState]:
        """Modules of the current week the patient can open."""
        return [m for m in self.modules if m.visible and m.module.week == self.week]

    def held(self) -> list[ModuleState]:
        return [m for m in self.modules if m.state == HELD]

    @property
    def running(self) -> bool:
        """Inside weeks 1..weeks and not paused: the only time anything is due."""
        return not self.paused and 1 <= self.week <= self.weeks

    def due_today(self) -> list[ModuleState]:
        """This week's open modules due on this very day."""
        return [m for m in self.this_week() if m.due_day == self.day] if self.running else []

    def due_earlier_this_week(self) -> list[ModuleState]:
        """This week's open modules whose day has passed (still open, never "missed")."""
        return [m for m in self.this_week() if m.due_day < self.day] if self.running else []

    def due_later_this_week(self) -> list[ModuleState]:
        return [m for m in self.this_week() if m.due_day > self.day] if self.running else []


def _ordered(events: Iterable[PlanEventRef], day: date) -> list[PlanEventRef]:
    return sorted(
        (e for e in events if e.effective_date <= day), key=lambda e: (e.effective_date, e.sequence)
    )


@dataclass(frozen=True)
class Pause:
    """One stretch of paused days: ``first_day`` to ``last_day`` (both paused).

    ``last_day`` is None while a pause without an end date is still running. ``planned_end`` is the
    end date the newest pause event named (None: until resumed); ``sequence`` is that event's, so the
    caller can tell who asked for it.
    """

    first_day: date
    last_day: date | None
    reason: str
    planned_end: date | None = None
    sequence: int = 0

    def covers(self, day: date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)

    def days_before(self, day: date) -> int:
        """How many of its days fall before ``day``."""
        end = day - timedelta(days=1)
        if self.last_day is not None:
            end = min(end, self.last_day)
        return max(0, (end - self.first_day).days + 1)


def pauses(events: Iterable[PlanEventRef], day: date) -> list[Pause]:
    """The pauses in force up to ``day``, oldest first.

    A pause runs from its effective date until the day before a resume, or to the end of its
    ``until`` date, whichever comes first: the days after ``until`` run again without a resume. A
    pause made while paused keeps the pause going with its own end date and reason (a longer or
    shorter pause); a resume after a pause has ended by itself changes nothing. A pause resumed on
    the day it starts pauses no day at all.
    """
    found: list[Pause] = []
    current: Pause | None = None

    def ended_by(on: date) -> bool:  # the current pause's planned end is before ``on``
        return current is not None and current.planned_end is not None and current.planned_end < on

    for event in _ordered(events, day):
        if current is not None and ended_by(event.effective_date):
            found.append(current)
            current = None
        if event.kind == PlanEventKind.PAUSE:
            first = current.first_day if current is not None else event.effective_date
            current = Pause(first, event.until, event.reason, event.until, event.sequence)
        elif event.kind == PlanEventKind.RESUME and current is not None:
            last = event.effective_date - timedelta(days=1)
            if last >= current.first_day:
                found.append(replace(current, last_day=last))
            current = None
    if current is not None:
        found.append(current)
    return found


def current_pause(events: Iterable[PlanEventRef], day: date) -> Pause | None:
    """The pause ``day`` falls in, or None when the program runs that day."""
    return next((p for p in pauses(events, day) if p.covers(day)), None)


def pause_state(events: Iterable[PlanEventRef], day: date) -> tuple[bool, str, int]:
    """(paused on ``day``, the pause reason, days paused before ``day``)."""
    found = pauses(events, day)
    days = sum(p.days_before(day) for p in found)
    now = next((p for p in found if p.covers(day)), None)
    return (True, now.reason, days) if now is not None else (False, "", days)


def paused_dates(events: Iterable[PlanEventRef], until: date) -> set[date]:
    """Every local date up to ``until`` on which the program was paused."""
    dates: set[date] = set()
    for pause in pauses(events, until):
        last = until if pause.last_day is None else min(pause.last_day, until)
        dates.update(_days(pause.first_day, last + timedelta(days=1)))
    return dates


def _days(first: date, stop: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((stop - first).days)]


def program_position(
    start: date | None, day: date, events: Iterable[PlanEventRef] = ()
) -> tuple[int, int]:
    """(program week, day of that week 0-6) on ``day``; week 0 before week 1. Paused days do not count."""
    if start is None or day < start:
        return 0, 0
    _, _, paused_days = pause_state(events, day)
    week, weekday = divmod((day - start).days - paused_days, 7)
    return week + 1, weekday


def program_week(start: date | None, day: date, events: Iterable[PlanEventRef] = ()) -> int:
    """Program week on ``day`` (1-based; 0 before week 1 or while the baseline is not done).

    Paused days do not count.
    """
    return program_position(start, day, events)[0]


def due_days(modules: Sequence[ModuleRef]) -> dict[int, int]:
    """The day of its week each module is due: a week's modules of one track spread evenly.

    Design choice (CLINICAL: "a few times a week"): with n modules in a week they fall on days
    0, 7/n, 2*7/n, ... so two lessons land on the week's first and fourth days.
    """

    def place(m: ModuleRef) -> tuple[int, str]:
        return m.week, m.track

    days: dict[int, int] = {}
    for _, group in groupby(sorted(modules, key=lambda m: (*place(m), m.order, m.slug)), key=place):
        week_modules = list(group)
        for index, module in enumerate(week_modules):
            days[module.id] = index * 7 // len(week_modules)
    return days


def module_states(
    modules: Sequence[ModuleRef],
    events: Iterable[PlanEventRef],
    week: int,
    day: date,
    done: Iterable[int] = (),
) -> tuple[ModuleState, ...]:
    """Each module's state on ``day``: the newest hold/release/skip/unlock event wins.

    A module the patient has already done (``done``: module ids, any version) is never locked: a
    lesson that later moved to a later week (the curriculum's order changed) stays open to read
    again, as it was when they did it.
    """
    finished = set(done)
    latest: dict[int, PlanEventRef] = {}
    unlocked: set[int] = set()
    for event in _ordered(events, day):
        if event.module_id is None:
            continue
        if event.kind == PlanEventKind.UNLOCK:
            unlocked.add(event.module_id)
        elif event.kind in (PlanEventKind.HOLD, PlanEventKind.RELEASE, PlanEventKind.SKIP):
            latest[event.module_id] = event
    states = []
    due = due_days(modules)
    for module in sorted(modules, key=lambda m: (m.week, m.order, m.slug)):
        event = latest.get(module.id)
        if event is not None and event.kind == PlanEventKind.HOLD:
            state, reason = HELD, event.reason
        elif event is not None and event.kind == PlanEventKind.SKIP:
            state, reason = SKIPPED, event.reason
        elif module.week <= week or module.id in unlocked or module.id in finished:
            state, reason = AVAILABLE, ""
        else:
            state, reason = LOCKED, ""
        states.append(ModuleState(module, state, reason, due[module.id]))
    return tuple(states)


def plan_for_day(
    modules: Sequence[ModuleRef],
    events: Sequence[PlanEventRef],
    start: date | None,
    day: date,
    weeks: int = 12,
    done: Iterable[int] = (),
) -> DayPlan:
    """Everything Today needs to know about the program on the patient's local ``day``
    (``done``: the modules the patient has completed, see ``module_states``)."""
    pause = current_pause(events, day)
    week, weekday = program_position(start, day, events)
    return DayPlan(
        week=week,
        weeks=weeks,
        paused=pause is not None,
        pause_reason=pause.reason if pause is not None else "",
        modules=module_states(modules, events, week, day, done),
        day=weekday,
        pause_until=pause.last_day if pause is not None else None,
    )


def last_program_day(
    start: date | None, events: Iterable[PlanEventRef], weeks: int = 12
) -> date | None:
    """The last local day of week ``weeks``, with the pauses known now (planned ends included).

    None before week 1 has a start date, or while a pause without an end date is running: then
    nobody knows yet when the program ends.
    """
    if start is None:
        return None
    found = pauses(events, date.max)
    if any(p.last_day is None for p in found):
        return None
    paused = set()
    for pause in found:
        paused.update(_days(pause.first_day, pause.last_day + timedelta(days=1)))
    day, running = start, 0
    while True:
        if day not in paused:
            running += 1
            if running == 7 * weeks:
                return day
        day += timedelta(days=1)
