"""What the follow-up rules read about one patient, and what each rule answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from program.curriculum import PlanEventRef
from program.rules.flags import FlagSpec


@dataclass(frozen=True)
class PegEntry:
    week: int  # the program week it was taken in; 0 = the baseline week
    local_date: date
    total: float


@dataclass(frozen=True)
class CheckInEntry:
    local_date: date
    pain: int
    warning_signs: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionnaireEntry:
    """A finished PHQ-9 or GAD-7 (``item9`` is the PHQ-9's item 9, None for a GAD-7)."""

    instrument: str
    local_date: date
    total: float
    item9: int | None = None
    week: int | None = None  # the program week it was taken in


@dataclass(frozen=True)
class SignReport:
    """Warning signs sent with "Send to my care team", apart from the check-in."""

    local_date: date
    signs: tuple[str, ...]


@dataclass(frozen=True)
class PatientRuleInput:
    """One patient's current enrolment and everything recorded in it (any order).

    Rules read only what is dated on or before their ``as_of`` day, so a caller may pass more.
    """

    patient_id: int
    enrolment_id: int
    start_date: date  # the baseline week may begin
    week1_start: date | None  # None while the baseline week is not done
    plan_events: tuple[PlanEventRef, ...] = ()  # pauses and resumes
    pegs: tuple[PegEntry, ...] = ()
    check_ins: tuple[CheckInEntry, ...] = ()
    questionnaires: tuple[QuestionnaireEntry, ...] = ()
    sign_reports: tuple[SignReport, ...] = ()
    completed_visits: tuple[date, ...] = ()
    not_now: tuple[tuple[str, date], ...] = ()  # (rule, day the patient said "Not now")


@dataclass(frozen=True)
class RuleResult:
    """One rule's answer for one patient on one day.

    ``met``: the numbers say the rule fires; ``fires``: it does (met and not in a quiet period,
    whose reason is ``quiet``). ``patient_prompt`` is False for rules only the care team sees.
    """

    rule: str
    fires: bool
    severity: str
    dedupe_key: str
    inputs: dict[str, Any] = field(default_factory=dict)
    patient_explanation: str = ""
    staff_explanation: str = ""
    met: bool = False
    quiet: str | None = None
    patient_prompt: bool = True

    def flag_spec(self) -> FlagSpec:
        """The flag this result opens or refreshes: the staff explanation, and the patient's
        words for the prompt on Today when the rule prompts the patient at all."""
        return FlagSpec(
            rule=self.rule,
            severity=self.severity,
            dedupe_key=self.dedupe_key,
            explanation=self.staff_explanation,
            inputs=json.loads(json.dumps(self.inputs)),  # as stored: keys become strings
            patient_explanation=self.patient_explanation if self.patient_prompt else "",
        )
