"""Breathing and mindfulness practice: the breathing pace, and the minutes a session counts for.

Pure. Slow (resonance) breathing at about 6 breaths a minute, 4 s in and 6 s out (CLINICAL.md,
"Breathing and mindfulness"): the breath in is the same share of every breath at any pace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from program.defaults import DEFAULTS

# A practice a patient says they did (body scan, noticing) counts for at most this long.
MAX_PRACTICE_MINUTES = 60
# A breathing session still open this long after its planned end was left, not practised.
LEFT_OPEN_MINUTES = 10


@dataclass(frozen=True)
class Pace:
    """One breath: seconds breathing in, then seconds breathing out."""

    breaths_per_minute: int
    breathe_in: float
    breathe_out: float


def pace(
    breaths_per_minute: int,
    *,
    in_share: float = DEFAULTS.breathing_in_share,
    low: int = DEFAULTS.breathing_min_bpm,
    high: int = DEFAULTS.breathing_max_bpm,
) -> Pace:
    """The seconds in and out at this many breaths a minute; ValueError outside ``low``..``high``."""
    if isinstance(breaths_per_minute, bool) or breaths_per_minute not in range(low, high + 1):
        raise ValueError(f"Please choose from {low} to {high} breaths a minute.")
    breath = 60 / breaths_per_minute
    return Pace(breaths_per_minute, round(breath * in_share, 2), round(breath * (1 - in_share), 2))


def minutes_practised(elapsed_seconds: float, planned_minutes: int) -> int:
    """Whole minutes a session counts for: the time it ran (half up), never more than planned."""
    if not math.isfinite(elapsed_seconds) or elapsed_seconds <= 0:
        return 0
    return min(planned_minutes, math.floor(elapsed_seconds / 60 + 0.5))


def ran_to_the_end(elapsed_seconds: float, planned_minutes: int) -> bool:
    """Whether a session ran its whole planned length (it was not stopped early)."""
    return elapsed_seconds >= planned_minutes * 60


def left_open(elapsed_seconds: float, planned_minutes: int) -> bool:
    """Whether a session is so far past its planned end that it was left open, not practised."""
    return elapsed_seconds > (planned_minutes + LEFT_OPEN_MINUTES) * 60
