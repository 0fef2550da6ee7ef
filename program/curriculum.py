"""Which modules a patient sees on a given local day, from their start date and plan events.

Pure: the caller passes the modules, the patient's append-only plan events and the local date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class ModuleState:
    module: ModuleRef
    state: str
    reason: str = ""

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


def _ordered(events: Iterable[PlanEventRef], day: date) -> list[PlanEventRef]:
    return sorted(
        (e for e in events if e.effective_date <= day), key=lambda e: (e.effective_date, e.sequence)
    )


def pause_state(events: Iterable[PlanEventRef], day: date) -> tuple[bool, str, int]:
    """(paused on ``day``, the pause reason, days paused before ``day``)."""
    paused_since: date | None = None
    reason = ""
    days = 0
    for event in _ordered(events, day):
        if event.kind == "pause" and paused_since is None:
            paused_since, reason = event.effective_date, event.reason
        elif event.kind == "resume" and paused_since is not None:
            days += (event.effective_date - paused_since).days
            paused_since = None
    if paused_since is not None:
        days += (day - paused_since).days
        return True, reason, days
    return False, "", days


def program_week(start: date | None, day: date, events: Iterable[PlanEventRef] = ()) -> int:
    """Program week on ``day`` (1-based; 0 before week 1 or while the baseline is not done).

    Paused days do not count.
    """
    if start is None or day < start:
        return 0
    _, _, paused_days = pause_state(events, day)
    return ((day - start).days - paused_days) // 7 + 1


def module_states(
    modules: Sequence[ModuleRef], events: Iterable[PlanEventRef], week: int, day: date
) -> tuple[ModuleState, ...]:
    """Each module's state on ``day``: the newest hold/release/skip/unlock event wins."""
    latest: dict[int, PlanEventRef] = {}
    unlocked: set[int] = set()
    for event in _ordered(events, day):
        if event.module_id is None:
            continue
        if event.kind == "unlock":
            unlocked.add(event.module_id)
        elif event.kind in ("hold", "release", "skip"):
            latest[event.module_id] = event
    states = []
    for module in sorted(modules, key=lambda m: (m.week, m.order, m.slug)):
        event = latest.get(module.id)
        if event is not None and event.kind == "hold":
            states.append(ModuleState(module, HELD, event.reason))
        elif event is not None and event.kind == "skip":
            states.append(ModuleState(module, SKIPPED, event.reason))
        elif module.week <= week or module.id in unlocked:
            states.append(ModuleState(module, AVAILABLE))
        else:
            states.append(ModuleState(module, LOCKED))
    return tuple(states)


def plan_for_day(
    modules: Sequence[ModuleRef],
    events: Sequence[PlanEventRef],
    start: date | None,
    day: date,
    weeks: int = 12,
) -> DayPlan:
    """Everything Today needs to know about the program on the patient's local ``day``."""
    paused, reason, _ = pause_state(events, day)
    week = program_week(start, day, events)
    return DayPlan(
        week=week,
        weeks=weeks,
        paused=paused,
        pause_reason=reason,
        modules=module_states(modules, events, week, day),
    )
