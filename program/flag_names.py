"""Plain names for follow-up rules, as staff read them: the one mapping every staff view uses.

A rule's stored code ("phq9_item9", "warning_sign") never reaches a screen. Pure Python.
"""

from __future__ import annotations

from typing import Any

from program.rules import (
    MEDICINES_RULE,
    MOOD_RULE,
    PHQ9_ITEM9_RULE,
    SELF_HARM_SIGN_RULE,
    WARNING_SIGN_RULE,
)
from program.warning_signs import BY_KEY, staff_name

RULE_NAMES: dict[str, str] = {
    PHQ9_ITEM9_RULE: "Self-harm answer (PHQ-9 item 9)",
    SELF_HARM_SIGN_RULE: "Self-harm answer (warning sign)",
    WARNING_SIGN_RULE: "Warning sign",
    MEDICINES_RULE: "Medicines changed",
    MOOD_RULE: "Mood score (PHQ-9/GAD-7)",
    # The time-based rules (CLINICAL.md "When to prompt a follow-up").
    "persisting": "Pain not improving (PEG)",
    "worsening": "Pain getting worse",
    "end_of_program": "End of program review",
    "low_adherence": "No recent check-ins",
}
# Signs named in a warning-sign flag's title before "and N more".
SIGNS_IN_NAME = 2


def rule_name(rule: str, inputs: dict[str, Any] | None = None) -> str:
    """``Warning sign: chest pain or pressure`` or ``Self-harm answer (PHQ-9 item 9)``.

    A rule without a plain name yet is still shown readably ("Some rule"), never as a code.
    """
    name = RULE_NAMES.get(rule) or rule.replace("_", " ").strip().capitalize() or "Flag"
    if rule != WARNING_SIGN_RULE:
        return name
    signs = [staff_name(k).lower() for k in (inputs or {}).get("signs") or () if k in BY_KEY]
    if not signs:
        return name
    shown = ", ".join(signs[:SIGNS_IN_NAME])
    more = len(signs) - SIGNS_IN_NAME
    return f"{name}: {shown}" + (f" and {more} more" if more > 0 else "")
