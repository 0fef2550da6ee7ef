"""Follow-up rules: from what a patient recorded to flags for the care team.

Each flag carries a plain explanation of the data that fired it. Pure functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from program.warning_signs import BY_KEY, highest_tier

SEVERITY_ORDER = ("emergency", "urgent", "soon", "routine")


def severity_rank(severity: str) -> int:
    """0 for the most severe; unknown severities sort last."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


@dataclass(frozen=True)
class FlagSpec:
    rule: str
    severity: str
    dedupe_key: str
    explanation: str
    inputs: dict[str, Any] = field(default_factory=dict)


def warning_sign_flag(keys: Iterable[str], local_date: date) -> FlagSpec | None:
    """A flag of the tier's severity when any warning sign was ticked in a check-in."""
    keys = sorted(set(keys))
    tier = highest_tier(keys)
    if tier is None:
        return None
    names = "; ".join(BY_KEY[k].text.lower() for k in keys if k in BY_KEY)
    return FlagSpec(
        rule="warning_sign",
        severity=tier,
        dedupe_key=f"warning_sign:{tier}",
        explanation=f"Warning sign reported in the check-in of {local_date.isoformat()}: {names}.",
        inputs={"signs": keys, "local_date": local_date.isoformat()},
    )


def medicines_changed_flag(note: str | None, local_date: date) -> FlagSpec:
    """A routine note to the care team when the patient says their medicines changed."""
    return FlagSpec(
        rule="medicines_changed",
        severity="routine",
        dedupe_key="medicines_changed",
        explanation=f"Patient reported a change in medicines on {local_date.isoformat()}.",
        inputs={"local_date": local_date.isoformat(), "has_note": bool(note)},
    )
