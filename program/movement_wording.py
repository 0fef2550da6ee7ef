"""Movement targets for patients: whole numbers, and a one-line *why* worded from them.

Pure. Repetitions round to whole repetitions and minutes to whole minutes (half up, and never 0
for a target above 0); the *why* compares the ROUNDED numbers, so it never says "up from 6 to 6":
when rounding hides a change it says the target is the same as last week, and why.
"""

from __future__ import annotations

import math

from program.movement import Change, WeekTarget
from program.vocabulary import ExerciseUnit


def rounded(target: float, unit: ExerciseUnit | str) -> int:
    """A target as the patient sees it: whole minutes or whole reps, at least 1 when above 0."""
    ExerciseUnit(unit)  # an unknown unit raises ValueError
    if target <= 0:
        return 0
    return max(1, math.floor(target + 0.5))


def amount(value: int, unit: ExerciseUnit | str) -> str:
    """``8 minutes``, ``1 minute``, ``12 reps``, ``1 rep``."""
    word = {ExerciseUnit.MINUTES: "minute", ExerciseUnit.REPS: "rep"}[ExerciseUnit(unit)]
    return f"{value} {word}" if value == 1 else f"{value} {word}s"


_BECAUSE = {
    Change.UP: "last week went without a flare",
    Change.HOLD: "last week had a flare, so your plan stays here for now",
    Change.HOLD_LESS: "you did less than planned on most days last week, so your plan stays here",
    Change.DOWN: "two flares came close together, so your plan steps back a little",
    Change.AT_FLOOR: "two flares came close together, and this is already your lowest step",
}


def why(this_week: WeekTarget, last_week: WeekTarget | None, unit: ExerciseUnit | str) -> str:
    """One line for the Move screen: what this week's target is and why, from rounded numbers."""
    now = rounded(this_week.target, unit)
    if this_week.change == Change.CLINICIAN:
        line = f"Your clinician set this week at {amount(now, unit)}."
        return f"{line} {this_week.reason.strip()}" if this_week.reason.strip() else line
    if last_week is None or this_week.change == Change.START:
        return f"This week starts at {amount(now, unit)}: a bit less than what felt comfortable."
    before = rounded(last_week.target, unit)
    because = _BECAUSE[this_week.change]
    if now > before:
        return f"Up from {before} to {amount(now, unit)}: {because}."
    if now < before:
        return f"Down from {before} to {amount(now, unit)}: {because}."
    if this_week.change == Change.UP:
        because += ". The step up is too small to show yet"
    elif this_week.change == Change.DOWN:
        because += ", too little to show"
    return f"The same {amount(now, unit)} as last week: {because}."


def starts_at(target: int, unit: ExerciseUnit | str) -> str:
    """Before the exercise's first plan week: where the plan starts."""
    return f"Your plan starts at {amount(target, unit)}: a bit less than what felt comfortable."


def maintenance(target: int, unit: ExerciseUnit | str) -> str:
    """After the program's last week: the level reached stays."""
    return f"Keep to {amount(target, unit)}: the level you reached in the program."


def clinician_set(target: int, unit: ExerciseUnit | str, reason: str) -> str:
    """A clinician's level after the program's last week, with their reason."""
    line = f"Your clinician set this at {amount(target, unit)}."
    return f"{line} {reason.strip()}" if reason.strip() else line


def step_note(percent: int, reason: str) -> str:
    """A clinician's new step size, in the week it takes effect, with their reason."""
    line = f"Your clinician changed each step of your plan to {percent}% of your baseline."
    return f"{line} {reason.strip()}" if reason.strip() else line
