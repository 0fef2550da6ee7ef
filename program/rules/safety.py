"""Warning signs and PHQ-9 item 9: the rules that always fire.

They take no ``RuleSettings`` and know nothing of quiet periods or "Not now" (CLINICAL.md): nothing
a clinician or a patient sets can change or silence them. Their flags and dedupe keys are the ones
the save paths write in the same transaction as the patient's answer (program.rules.flags).
"""

from __future__ import annotations

from datetime import date

from program.rules.data import PatientRuleInput, RuleResult
from program.rules.flags import (
    PHQ9_ITEM9_RULE,
    WARNING_SIGN_RULE,
    phq9_item9_flag,
    warning_sign_flags,
)
from program.vocabulary import QuestionnaireCode, Severity


def _result(spec) -> RuleResult:
    return RuleResult(
        rule=spec.rule,
        fires=True,
        met=True,
        severity=spec.severity,
        dedupe_key=spec.dedupe_key,
        inputs=dict(spec.inputs),
        patient_explanation=spec.patient_explanation,
        staff_explanation=spec.explanation,
    )


def warning_signs(data: PatientRuleInput, as_of: date) -> list[RuleResult]:
    """Warning signs ticked on ``as_of`` (in the check-in or sent apart from it), at once."""
    from_check_in = {s for c in data.check_ins if c.local_date == as_of for s in c.warning_signs}
    reported = {s for r in data.sign_reports if r.local_date == as_of for s in r.signs}
    signs = from_check_in | reported
    source = "check_in" if from_check_in else "report"
    results = [_result(spec) for spec in warning_sign_flags(signs, as_of, source=source)]
    if not results:
        results.append(
            RuleResult(
                rule=WARNING_SIGN_RULE,
                fires=False,
                severity=Severity.URGENT,
                dedupe_key=f"{WARNING_SIGN_RULE}:{Severity.URGENT}",
            )  # fmt: skip
        )
    return results


def phq9_item9(data: PatientRuleInput, as_of: date) -> RuleResult:
    """Urgent, at once: item 9 of the latest PHQ-9 (on or before ``as_of``) answered above 0."""
    taken = [
        q
        for q in data.questionnaires
        if q.instrument == QuestionnaireCode.PHQ9 and q.local_date <= as_of
    ]
    latest = max(taken, key=lambda q: q.local_date, default=None)
    spec = None
    if latest is not None and latest.item9 is not None:
        spec = phq9_item9_flag(
            latest.item9, latest.local_date, finished=True, program_week=latest.week
        )
    if spec is None:
        return RuleResult(
            rule=PHQ9_ITEM9_RULE, fires=False, severity=Severity.URGENT, dedupe_key=PHQ9_ITEM9_RULE
        )
    return _result(spec)
