"""Follow-up rules: from what a patient recorded to flags for the care team.

Each flag carries a plain explanation of the data that fired it. Pure functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from program.defaults import DEFAULTS
from program.vocabulary import QuestionnaireCode, Severity
from program.warning_signs import BY_KEY, highest_tier


@dataclass(frozen=True)
class FlagSpec:
    rule: str
    severity: str
    dedupe_key: str
    explanation: str
    inputs: dict[str, Any] = field(default_factory=dict)


# Where ticked warning signs came from: the full daily check-in, or the "Send to my care team"
# button that sends them on their own (before, or without, the rest of the check-in).
WARNING_SIGN_SOURCES = {
    "check_in": "in the check-in",
    "report": 'with "Send to my care team", apart from the check-in',
}


def warning_sign_flag(
    keys: Iterable[str], local_date: date, *, source: str = "check_in"
) -> FlagSpec | None:
    """A flag of the tier's severity when any warning sign was ticked (in a check-in or a report).

    The dedupe key depends on the tier only, so a report and the check-in that follows it the same
    day refresh one flag episode instead of opening two.
    """
    keys = sorted(set(keys))
    tier = highest_tier(keys)
    if tier is None:
        return None
    names = "; ".join(BY_KEY[k].text.lower() for k in keys if k in BY_KEY)
    where = WARNING_SIGN_SOURCES[source]
    return FlagSpec(
        rule="warning_sign",
        severity=tier,
        dedupe_key=f"warning_sign:{tier}",
        explanation=f"Warning sign reported {where} on {local_date.isoformat()}: {names}.",
        inputs={"signs": keys, "local_date": local_date.isoformat(), "source": source},
    )


MEDICINES_RULE = "medicines_changed"


def medicines_changed_flag(note: str | None, local_date: date) -> FlagSpec:
    """A routine note to the care team when the patient says their medicines changed.

    The note itself stays in the check-in; staff see it with the flag (db.queries.flag_notes).
    """
    return FlagSpec(
        rule=MEDICINES_RULE,
        severity=Severity.ROUTINE,
        dedupe_key="medicines_changed",
        explanation=f"Patient reported a change in medicines on {local_date.isoformat()}.",
        inputs={"local_date": local_date.isoformat(), "has_note": bool(note)},
    )


# --- Questionnaires ---------------------------------------------------------------------------

PHQ9_ITEM9_RULE = "phq9_item9"
MOOD_RULE = "mood"
MOOD_INSTRUMENTS = {QuestionnaireCode.PHQ9: "PHQ-9", QuestionnaireCode.GAD7: "GAD-7"}


def needs_risk_assessment(rule: str) -> bool:
    """Flags only a clinician may close, and only by recording a risk assessment."""
    return rule == PHQ9_ITEM9_RULE


def phq9_item9_flag(
    item9: int, local_date: date, *, finished: bool, program_week: int | None = None
) -> FlagSpec | None:
    """An urgent flag when PHQ-9 item 9 (thoughts of death or self-harm) is answered above 0."""
    if isinstance(item9, bool) or not isinstance(item9, int) or item9 <= 0:
        return None
    state = "in a completed PHQ-9" if finished else "in a PHQ-9 not yet finished"
    return FlagSpec(
        rule=PHQ9_ITEM9_RULE,
        severity=Severity.URGENT,
        dedupe_key=PHQ9_ITEM9_RULE,
        explanation=(
            f"PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered {item9} "
            f"of 3 on {local_date.isoformat()}, {state}. Crisis resources were shown to the "
            "patient. A clinician must record a risk assessment to close this flag."
        ),
        inputs={
            "item9": item9,
            "local_date": local_date.isoformat(),
            "finished": finished,
            "program_week": program_week,
        },
    )


def mood_flag(
    instrument: str,
    total: int | float,
    local_date: date,
    *,
    program_week: int | None = None,
    soon_at: int = DEFAULTS.mood_soon_at,
    routine_at: int = DEFAULTS.mood_routine_at,
) -> FlagSpec | None:
    """A soon or routine flag for a high PHQ-9 or GAD-7 total; None below ``routine_at``."""
    name = MOOD_INSTRUMENTS.get(instrument)
    if name is None or total < routine_at:
        return None
    severity, line = (
        (Severity.SOON, soon_at) if total >= soon_at else (Severity.ROUTINE, routine_at)
    )
    return FlagSpec(
        rule=MOOD_RULE,
        severity=severity,
        dedupe_key=f"{MOOD_RULE}:{instrument}",
        explanation=(
            f"{name} total {total:g} on {local_date.isoformat()} is at or above {line} "
            f"(the {severity} line)."
        ),
        inputs={
            "instrument": instrument,
            "total": total,
            "local_date": local_date.isoformat(),
            "program_week": program_week,
            "soon_at": soon_at,
            "routine_at": routine_at,
        },
    )
