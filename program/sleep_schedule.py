"""Bedtime scheduling for one patient: whether it is on, and the time-in-bed windows it gives.

Pure. Computed from the plan events and the diary, never stored (like CareKit's occurrences): the
same diary always gives the same windows, a corrected diary night corrects them, and there is no
table that could drift from the nights it came from.

- Scheduling is on from a ``sleep_scheduling_on`` event until a ``sleep_scheduling_off`` event
  (by effective date, then creation order). A second "on" while on only changes the wake time and
  the note: the windows carry on.
- The first window starts on the first day, from the day it was switched on, whose last 7 nights
  hold at least 5 diary entries; it is their mean total sleep (the baseline week's, CLINICAL.md),
  whole minutes, never under 5 hours.
- Every 7 days after that, the last 7 nights' efficiency (summed sleep / summed time in bed, from
  at least 5 entries) moves the window by ``program.sleep.next_time_in_bed``; with fewer entries
  the window stays as it is.

A diary *night* is the date of the evening it began (the night of Monday, even after midnight):
on day ``d`` the last 7 nights are ``d - 7`` .. ``d - 1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from program.curriculum import PlanEventRef
from program.defaults import DEFAULTS
from program.sleep import SleepSummary, next_time_in_bed, scheduling_efficiency, weekly_summary
from program.vocabulary import PlanEventKind


@dataclass(frozen=True)
class Scheduling:
    """Bedtime scheduling as it stands on one day."""

    since: date  # the day it was switched on (the windows count from here)
    wake_time: str | None  # "HH:MM", the fixed wake time the clinician agreed with the patient
    reason: str  # the clinician's note the patient sees


@dataclass(frozen=True)
class SleepWindow:
    """One prescribed time in bed, from the night of ``starts``."""

    starts: date
    minutes: int
    nights: int  # diary entries behind it, out of the last 7 nights
    efficiency: float | None  # the week's efficiency behind it (None: the first, or too few nights)
    change: int  # minutes more (+) or fewer (-) than the window before; 0 for the first
    first: bool = False  # the first window: the baseline week's mean total sleep


def scheduling_on(events: Iterable[PlanEventRef], day: date) -> Scheduling | None:
    """Bedtime scheduling on ``day`` (None when it is off, or was never switched on)."""
    state: Scheduling | None = None
    for event in sorted(events, key=lambda e: (e.effective_date, e.sequence)):
        if event.effective_date > day:
            break
        if event.kind == PlanEventKind.SLEEP_SCHEDULING_OFF:
            state = None
        elif event.kind == PlanEventKind.SLEEP_SCHEDULING_ON:
            wake = event.details.get("wake_time")
            state = Scheduling(
                since=state.since if state else event.effective_date,
                wake_time=wake if isinstance(wake, str) else None,
                reason=event.reason,
            )
    return state


def _last_nights(nights: Mapping[date, SleepSummary], day: date, count: int) -> list[SleepSummary]:
    return [s for n in range(1, count + 1) if (s := nights.get(day - timedelta(days=n)))]


def windows(
    nights: Mapping[date, SleepSummary],
    since: date,
    today: date,
    *,
    window_nights: int = DEFAULTS.sleep_window_nights,
    min_nights: int = DEFAULTS.sleep_min_nights,
    minimum: int = DEFAULTS.sleep_min_time_in_bed,
) -> list[SleepWindow]:
    """Every window from ``since`` up to ``today``, oldest first ([] until the baseline is in)."""
    day = since
    while day <= today:
        baseline = _last_nights(nights, day, window_nights)
        if len(baseline) >= min_nights:
            break
        day += timedelta(days=1)
    else:
        return []
    week = weekly_summary(baseline)
    if week is None:  # only with min_nights=0 and an empty diary
        return []
    minutes = max(minimum, int(week.mean_total_sleep + 0.5))
    found = [SleepWindow(day, minutes, len(baseline), None, 0, first=True)]
    step = day + timedelta(days=window_nights)
    while step <= today:
        last = _last_nights(nights, step, window_nights)
        efficiency = scheduling_efficiency(last, min_nights=min_nights)
        current = found[-1].minutes
        minutes = (
            current
            if efficiency is None
            else next_time_in_bed(efficiency, current, minimum=minimum)
        )
        found.append(SleepWindow(step, minutes, len(last), efficiency, minutes - current))
        step += timedelta(days=window_nights)
    return found


def bedtime(wake_time: str, minutes: int) -> str:
    """The time to go to bed ("HH:MM") for ``minutes`` in bed before ``wake_time``."""
    hours, mins = (int(part) for part in wake_time.split(":"))
    start = (hours * 60 + mins - minutes) % (24 * 60)
    return f"{start // 60:02d}:{start % 60:02d}"
