"""Follow-up rules: from what a patient recorded to flags for the care team and prompts for them.

- ``flags``: the flags written when a patient saves (warning signs, medicines, item 9, mood).
- ``settings``: RuleSettings, from program.defaults with a patient's overrides merged.
- ``quiet``: quiet periods after a visit and after "Not now".
- ``follow_up`` and ``safety``: the rules of CLINICAL.md; ``evaluate``: all of them for a patient.

Pure functions only. Import from ``program.rules``.
"""

from program.rules.data import (
    CheckInEntry,
    PatientRuleInput,
    PegEntry,
    QuestionnaireEntry,
    RuleResult,
    SignReport,
)
from program.rules.evaluate import evaluate_patient
from program.rules.flags import (
    MEDICINES_RULE,
    MOOD_INSTRUMENTS,
    MOOD_RULE,
    PHQ9_ITEM9_RULE,
    RISK_RULES,
    SELF_HARM_SIGN,
    SELF_HARM_SIGN_RULE,
    WARNING_SIGN_RULE,
    WARNING_SIGN_SOURCES,
    FlagSpec,
    flag_order_key,
    is_new_warning,
    medicines_changed_flag,
    mood_flag,
    needs_risk_assessment,
    phq9_item9_flag,
    warning_sign_flags,
)
from program.rules.quiet import (
    END_OF_PROGRAM_RULE,
    LOW_ADHERENCE_RULE,
    PERSISTING_RULE,
    QUIETABLE,
    WORSENING_RULE,
    quiet_reason,
)
from program.rules.settings import RuleSettings, effective_settings

# Rules whose flags are written with the patient's save, not by a later or cohort run.
SAVE_TIME_RULES = frozenset({WARNING_SIGN_RULE, SELF_HARM_SIGN_RULE, PHQ9_ITEM9_RULE})

__all__ = [
    "END_OF_PROGRAM_RULE",
    "LOW_ADHERENCE_RULE",
    "MEDICINES_RULE",
    "MOOD_INSTRUMENTS",
    "MOOD_RULE",
    "PERSISTING_RULE",
    "PHQ9_ITEM9_RULE",
    "QUIETABLE",
    "RISK_RULES",
    "SAVE_TIME_RULES",
    "SELF_HARM_SIGN",
    "SELF_HARM_SIGN_RULE",
    "WARNING_SIGN_RULE",
    "WARNING_SIGN_SOURCES",
    "WORSENING_RULE",
    "CheckInEntry",
    "FlagSpec",
    "PatientRuleInput",
    "PegEntry",
    "QuestionnaireEntry",
    "RuleResult",
    "RuleSettings",
    "SignReport",
    "effective_settings",
    "evaluate_patient",
    "flag_order_key",
    "is_new_warning",
    "medicines_changed_flag",
    "mood_flag",
    "needs_risk_assessment",
    "phq9_item9_flag",
    "quiet_reason",
    "warning_sign_flags",
]
