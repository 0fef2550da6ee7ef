"""The sleep diary's arithmetic and bedtime scheduling (CLINICAL.md, "Sleep").

Pure. Clock times are "HH:MM"; each time is the first occurrence at or after the one before it
(into bed -> final wake -> out of bed), so a night across midnight works. Total sleep = time in
bed - minutes to fall asleep - minutes awake - time in bed after the final waking; efficiency =
total sleep / time in bed x 100. Errors are ValueErrors with a message a patient can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from program.defaults import DEFAULTS

MAX_TIME_IN_BED = 20 * 60  # minutes: more than this is surely a typing mistake
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DAY = 24 * 60

_LABELS = {
    "into_bed": "the time you got into bed",
    "final_wake": "the time you woke up for the last time",
    "out_of_bed": "the time you got out of bed",
    "minutes_to_sleep": "how long it took to fall asleep",
    "awakenings": "how many times you woke up",
    "minutes_awake": "how long you were awake in the night",
}


@dataclass(frozen=True)
class SleepSummary:
    time_in_bed: int  # minutes
    total_sleep: int  # minutes

    @property
    def efficiency(self) -> float:
        return round(100 * self.total_sleep / self.time_in_bed, 1)


@dataclass(frozen=True)
class WeeklySleep:
    nights: int
    mean_total_sleep: float  # minutes, rounded to 1 decimal
    efficiency: float  # summed total sleep / summed time in bed x 100, rounded to 1 decimal


def _clock(entry: Mapping[str, object], key: str) -> int:
    value = entry.get(key)
    match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"Please give {_LABELS[key]} as a clock time, like 22:30.")
    return int(match[1]) * 60 + int(match[2])


def _count(entry: Mapping[str, object], key: str) -> int:
    value = entry.get(key, 0)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is not int or value < 0:
        raise ValueError(f"Please give {_LABELS[key]} as a whole number, 0 or more.")
    return value


def summarize(entry: Mapping[str, object]) -> SleepSummary:
    """Time in bed and total sleep of one night's diary entry."""
    into_bed = _clock(entry, "into_bed")
    asleep_window = (_clock(entry, "final_wake") - into_bed) % _DAY
    in_bed_after_waking = (_clock(entry, "out_of_bed") - _clock(entry, "final_wake")) % _DAY
    time_in_bed = asleep_window + in_bed_after_waking
    to_sleep = _count(entry, "minutes_to_sleep")
    _count(entry, "awakenings")
    awake = _count(entry, "minutes_awake")
    if time_in_bed == 0:
        raise ValueError(
            "Your time into bed and out of bed are the same. Please check the times you gave."
        )
    if time_in_bed > MAX_TIME_IN_BED:
        raise ValueError(
            "That adds up to more than 20 hours in bed. Please check the times, "
            "and whether each one is in the morning or the evening."
        )
    if to_sleep + awake > asleep_window:
        raise ValueError(
            "The minutes to fall asleep and the minutes awake add up to more than the time "
            "from getting into bed to waking up. Please check those numbers."
        )
    return SleepSummary(time_in_bed=time_in_bed, total_sleep=asleep_window - to_sleep - awake)


def weekly_summary(summaries: Iterable[SleepSummary]) -> WeeklySleep | None:
    """Mean total sleep and the efficiency over some nights (None for no nights)."""
    nights = list(summaries)
    if not nights:
        return None
    in_bed = sum(n.time_in_bed for n in nights)
    asleep = sum(n.total_sleep for n in nights)
    return WeeklySleep(
        nights=len(nights),
        mean_total_sleep=round(asleep / len(nights), 1),
        efficiency=round(100 * asleep / in_bed, 1),
    )


def scheduling_efficiency(
    summaries: Iterable[SleepSummary], *, min_nights: int = DEFAULTS.sleep_min_nights
) -> float | None:
    """The efficiency a scheduling step uses (last 7 nights), or None with too few entries."""
    week = weekly_summary(summaries)
    return week.efficiency if week is not None and week.nights >= min_nights else None


def next_time_in_bed(
    efficiency: float,
    time_in_bed: int,
    *,
    keep_from: float = DEFAULTS.sleep_keep_from,
    more_from: float = DEFAULTS.sleep_more_from,
    much_more_from: float = DEFAULTS.sleep_much_more_from,
    step: int = DEFAULTS.sleep_step_minutes,
    big_step: int = DEFAULTS.sleep_big_step_minutes,
    minimum: int = DEFAULTS.sleep_min_time_in_bed,
) -> int:
    """The next prescribed time in bed, in minutes, from last week's efficiency (Davidson)."""
    if efficiency < keep_from:
        change = -step
    elif efficiency < more_from:
        change = 0
    elif efficiency < much_more_from:
        change = step
    else:
        change = big_step
    return max(minimum, time_in_bed + change)


def summary_by_week(
    nights: Mapping[date, SleepSummary], week_of: Callable[[date], int]
) -> dict[int, WeeklySleep]:
    """``weekly_summary`` of the nights in each week (``week_of`` a night's week), by week."""
    weeks: dict[int, list[SleepSummary]] = {}
    for night, summary in sorted(nights.items()):
        weeks.setdefault(week_of(night), []).append(summary)
    return {week: weekly_summary(found) for week, found in weeks.items()}  # type: ignore[misc]
