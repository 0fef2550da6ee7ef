"""What each kind of plan change may set (``PlanEvent.details``), checked before it is stored.

Pure: a kind and the details a clinician entered in, the details to store out, or ``ValueError``
with a message the clinician can act on. Module and pause kinds set nothing; movement and sleep
kinds say what they set (a level, a step, the rule-outs confirmed before bedtime scheduling).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from program.vocabulary import PlanEventKind

# Levels a clinician may set: below the rule's floor (-3) on purpose, never absurd.
LOWEST_LEVEL, HIGHEST_LEVEL = -8, 20
STEP_PERCENT_RANGE = (5, 20)  # one level as a share of the baseline, in percent
# What a clinician confirms before switching bedtime scheduling on (CLINICAL.md, Sleep).
SLEEP_RULE_OUTS: dict[str, str] = {
    "bipolar": "No bipolar disorder",
    "seizures": "No seizure disorder",
    "sleep_apnea": "No untreated sleep apnea",
    "sleepiness_risk": "No work or driving where sleepiness is dangerous",
}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def _whole(value: object, low: int, high: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"Please give the {what} as a whole number from {low} to {high}.")
    return value


def _movement_level(details: Mapping[str, Any]) -> dict[str, Any]:
    level = _whole(details.get("level"), LOWEST_LEVEL, HIGHEST_LEVEL, "movement level")
    exercise = details.get("exercise")
    if exercise is not None and (not isinstance(exercise, str) or not _SLUG.match(exercise)):
        raise ValueError("Please choose an exercise from the library, or all exercises.")
    return {"level": level} | ({"exercise": exercise} if exercise else {})


def _movement_step(details: Mapping[str, Any]) -> dict[str, Any]:
    low, high = STEP_PERCENT_RANGE
    return {"step_percent": _whole(details.get("step_percent"), low, high, "step (percent)")}


def _sleep_on(details: Mapping[str, Any]) -> dict[str, Any]:
    confirmed = details.get("rule_outs")
    if not isinstance(confirmed, list | tuple) or set(confirmed) != set(SLEEP_RULE_OUTS):
        raise ValueError(
            "Bedtime scheduling needs every check confirmed first: "
            + "; ".join(SLEEP_RULE_OUTS.values())
            + "."
        )
    out: dict[str, Any] = {"rule_outs": sorted(confirmed)}
    wake = details.get("wake_time")
    if wake is not None:
        if not isinstance(wake, str) or not _CLOCK.match(wake):
            raise ValueError("Please give the fixed wake time as HH:MM, for example 07:00.")
        out["wake_time"] = wake
    return out


def _nothing(details: Mapping[str, Any]) -> dict[str, Any]:
    if details:
        raise ValueError("This kind of plan change takes no further details.")
    return {}


CHECKS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    PlanEventKind.MOVEMENT_LEVEL: _movement_level,
    PlanEventKind.MOVEMENT_STEP: _movement_step,
    PlanEventKind.SLEEP_SCHEDULING_ON: _sleep_on,
}


def checked_details(kind: str, details: Mapping[str, Any] | None) -> dict[str, Any]:
    """The details to store for a plan change of ``kind``; ``ValueError`` says what is wrong."""
    if details is not None and not isinstance(details, Mapping):
        raise ValueError("The plan change's details are not in the expected form.")
    return CHECKS.get(kind, _nothing)(details or {})
