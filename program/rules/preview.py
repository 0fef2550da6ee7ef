"""The cohort preview of a settings change: who the tunable rules flag now, and who they would.

Before a clinician saves a new threshold, the same rules the cohort run uses are evaluated twice
over the same data (each patient's current settings, then the settings after the change), so the
screen can say how many patients would be flagged under each and which ones change. Warning signs
and PHQ-9 item 9 are left out: no setting changes them. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from program.rules.data import PatientRuleInput
from program.rules.evaluate import evaluate_patient
from program.rules.flags import PHQ9_ITEM9_RULE, SELF_HARM_SIGN_RULE, WARNING_SIGN_RULE
from program.rules.settings import RuleSettings

ALWAYS_FIRING = frozenset({WARNING_SIGN_RULE, SELF_HARM_SIGN_RULE, PHQ9_ITEM9_RULE})
# The tunable rules, in the order the screen lists them.
TUNABLE_RULES = ("persisting", "worsening", "end_of_program", "mood", "low_adherence")


@dataclass(frozen=True, order=True)
class Firing:
    """One tunable rule firing for a patient: its rule, episode and severity."""

    rule: str
    dedupe_key: str
    severity: str


def firing(data: PatientRuleInput, settings: RuleSettings, as_of: date) -> frozenset[Firing]:
    """What the tunable rules open or keep open for this patient on ``as_of``."""
    return frozenset(
        Firing(r.rule, r.dedupe_key, r.severity)
        for r in evaluate_patient(data, settings, as_of)
        if r.fires and r.rule not in ALWAYS_FIRING
    )


@dataclass(frozen=True)
class PatientChange:
    patient_id: int
    before: tuple[Firing, ...]
    after: tuple[Firing, ...]


@dataclass(frozen=True)
class CohortPreview:
    checked: int
    flagged_before: int  # patients with at least one tunable rule firing
    flagged_after: int
    by_rule: tuple[tuple[str, int, int], ...]  # (rule, patients before, patients after)
    changes: tuple[PatientChange, ...]  # patients whose firing rules or severities differ


@dataclass(frozen=True)
class PreviewCase:
    """One patient as the cohort run loads them, with their settings before and after."""

    data: PatientRuleInput
    as_of: date
    before: RuleSettings
    after: RuleSettings


def preview(cases: Iterable[PreviewCase]) -> CohortPreview:
    """Evaluate each patient under both settings; an unchanged patient is evaluated once."""
    checked = flagged_before = flagged_after = 0
    before_by_rule = dict.fromkeys(TUNABLE_RULES, 0)
    after_by_rule = dict.fromkeys(TUNABLE_RULES, 0)
    changes = []
    for case in cases:
        checked += 1
        old = firing(case.data, case.before, case.as_of)
        new = old if case.after == case.before else firing(case.data, case.after, case.as_of)
        flagged_before += bool(old)
        flagged_after += bool(new)
        for rule in {f.rule for f in old}:
            before_by_rule[rule] = before_by_rule.get(rule, 0) + 1
        for rule in {f.rule for f in new}:
            after_by_rule[rule] = after_by_rule.get(rule, 0) + 1
        if old != new:
            changes.append(
                PatientChange(case.data.patient_id, tuple(sorted(old)), tuple(sorted(new)))
            )
    extra = (set(before_by_rule) | set(after_by_rule)) - set(TUNABLE_RULES)
    rules = (*TUNABLE_RULES, *sorted(extra))
    return CohortPreview(
        checked,
        flagged_before,
        flagged_after,
        tuple((r, before_by_rule.get(r, 0), after_by_rule.get(r, 0)) for r in rules),
        tuple(changes),
    )
