"""Every follow-up rule for one patient on one day."""

from __future__ import annotations

from datetime import date

from program.rules.data import PatientRuleInput, RuleResult
from program.rules.follow_up import end_of_program, low_adherence, mood, persisting, worsening
from program.rules.safety import phq9_item9, warning_signs
from program.rules.settings import RuleSettings


def evaluate_patient(
    data: PatientRuleInput, settings: RuleSettings, as_of: date
) -> list[RuleResult]:
    """Each rule's result at the end of the patient's local day ``as_of``, fired or not.

    Nothing dated after ``as_of`` is read. Warning signs and PHQ-9 item 9 do not see ``settings``.
    """
    return [
        *warning_signs(data, as_of),
        phq9_item9(data, as_of),
        persisting(data, as_of, settings),
        worsening(data, as_of, settings),
        end_of_program(data, as_of, settings),
        *mood(data, as_of, settings),
        low_adherence(data, as_of, settings),
    ]
