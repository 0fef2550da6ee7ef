"""Flags written when a patient saves: warning signs, medicines, PHQ-9 item 9 and mood.

Each flag carries a plain explanation of the data that fired it. Pure functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from program.defaults import DEFAULTS
from program.vocabulary import QuestionnaireCode, Severity, severity_rank
from program.warning_signs import BY_KEY, highest_tier, staff_name


@dataclass(frozen=True)
class FlagSpec:
    rule: str
    severity: str
    dedupe_key: str
    explanation: str
    inputs: dict[str, Any] = field(default_factory=dict)
    # The words the patient reads in the prompt on Today; empty: the flag prompts nobody.
    patient_explanation: str = ""


# Where ticked warning signs came from: the full daily check-in, or the "Send to my care team"
# button that sends them on their own (before, or without, the rest of the check-in).
WARNING_SIGN_SOURCES = {
    "check_in": "in the check-in",
    "report": 'with "Send to my care team", apart from the check-in',
}


WARNING_SIGN_RULE = "warning_sign"
# Thoughts of self-harm ticked in the check-in (or sent with "Send to my care team") open a flag
# episode of their own: it closes only by a care-team clinician's risk assessment (CLINICAL.md),
# while a chest-pain flag ticked at the same time stays closable by the coordinator who handled it.
SELF_HARM_SIGN_RULE = "self_harm_sign"
SELF_HARM_SIGN = "self_harm"


def _sign_spec(
    rule: str, keys: list[str], local_date: date, source: str, dedupe_key: str
) -> FlagSpec:
    names = "; ".join(BY_KEY[k].text.lower() for k in keys if k in BY_KEY)
    staff = "; ".join(staff_name(k).lower() for k in keys if k in BY_KEY)
    where = WARNING_SIGN_SOURCES[source]
    explanation = f"Warning sign reported {where} on {local_date.isoformat()}: {staff}."
    # Read on later days too (the prompt stays while the flag is open), so it names the day.
    patient = f"On {local_date:%B} {local_date.day} you told us about: {names}."
    if rule == SELF_HARM_SIGN_RULE:
        explanation += " A clinician on the care team must record a risk assessment to close it."
        patient += " You do not have to face this alone. Your care team wants to talk with you."
    else:
        patient += " Your care team has been told."
    return FlagSpec(
        rule=rule,
        severity=highest_tier(keys) or Severity.EMERGENCY,
        dedupe_key=dedupe_key,
        explanation=explanation,
        inputs={"signs": keys, "local_date": local_date.isoformat(), "source": source},
        patient_explanation=patient,
    )


def warning_sign_flags(
    keys: Iterable[str], local_date: date, *, source: str = "check_in"
) -> tuple[FlagSpec, ...]:
    """Flags for ticked warning signs (in a check-in or a report); empty when none is ticked.

    Self-harm gets its own episode (rule ``self_harm_sign``, the most serious first); every other
    sign opens a flag of its tier's severity. Dedupe keys depend on the tier only, so a report and
    the check-in that follows it the same day refresh the same episodes instead of opening more.
    """
    keys = sorted({k for k in keys if k in BY_KEY})
    specs: list[FlagSpec] = []
    if SELF_HARM_SIGN in keys:
        specs.append(
            _sign_spec(
                SELF_HARM_SIGN_RULE,
                [SELF_HARM_SIGN],
                local_date,
                source,
                f"{WARNING_SIGN_RULE}:{SELF_HARM_SIGN}",
            )
        )
    others = [k for k in keys if k != SELF_HARM_SIGN]
    if tier := highest_tier(others):
        specs.append(
            _sign_spec(WARNING_SIGN_RULE, others, local_date, source, f"{WARNING_SIGN_RULE}:{tier}")
        )
    return tuple(specs)


def is_new_warning(rule: str, before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    """Whether a refresh of a warning-sign episode brings a sign the care team has not seen yet:
    a sign not in the episode's last inputs, or the signs ticked again on another day.

    The same signs saved again the same day (a report, then the check-in; an edited check-in) are
    not new. Only warning-sign episodes reopen this way.
    """
    if rule not in (WARNING_SIGN_RULE, SELF_HARM_SIGN_RULE):
        return False
    before = before or {}
    if after.get("local_date") != before.get("local_date"):
        return True
    return not set(after.get("signs", ())) <= set(before.get("signs", ()))


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

ASK = "Your care team would like to hear how things are going."
MOOD_TOPICS = {QuestionnaireCode.PHQ9: "your mood", QuestionnaireCode.GAD7: "worry and stress"}


def mood_patient_text(instrument: str, local_date: date) -> str:
    """What the patient reads about a high PHQ-9 or GAD-7: the day, never the score's band."""
    return (
        f"Your answers about {MOOD_TOPICS[instrument]} on {local_date:%B} {local_date.day} show "
        f"it has been a hard time. {ASK}"
    )


PHQ9_ITEM9_RULE = "phq9_item9"
MOOD_RULE = "mood"
MOOD_INSTRUMENTS = {QuestionnaireCode.PHQ9: "PHQ-9", QuestionnaireCode.GAD7: "GAD-7"}


# A self-harm answer from any source: closed only by a care-team clinician's risk assessment.
RISK_RULES = frozenset({PHQ9_ITEM9_RULE, SELF_HARM_SIGN_RULE})


def needs_risk_assessment(rule: str, inputs: dict[str, Any] | None = None) -> bool:
    """Flags only a care-team clinician may close, and only by recording a risk assessment.

    ``inputs`` also catches a warning-sign flag opened before self-harm had an episode of its own
    (one flag for every sign ticked, self-harm among them).
    """
    if rule in RISK_RULES:
        return True
    signs = (inputs or {}).get("signs") or ()
    return rule == WARNING_SIGN_RULE and SELF_HARM_SIGN in signs


def flag_order_key(
    severity: str, rule: str, inputs: dict[str, Any] | None, opened_at: Any
) -> tuple[int, int, Any]:
    """How the care team's queue is ordered: most severe first; within a severity self-harm flags
    first (a self-harm emergency above other emergencies, PHQ-9 item 9 above other urgent flags);
    then the oldest first, so nothing waits longer than it must."""
    return (severity_rank(severity), 0 if needs_risk_assessment(rule, inputs) else 1, opened_at)


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
        patient_explanation=(
            f"On {local_date:%B} {local_date.day}, you told us you had thoughts of hurting "
            "yourself or of being better off dead. You do not have to face this alone. Your care "
            "team wants to talk with you."
        ),
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
        # Only a "soon" mood flag prompts the patient; a routine one is for the care team.
        patient_explanation=(
            mood_patient_text(instrument, local_date) if severity == Severity.SOON else ""
        ),
    )
