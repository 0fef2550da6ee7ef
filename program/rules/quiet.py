"""Quiet periods (CLINICAL.md): when a tunable rule stays silent although its numbers say it fires.

- After a completed visit, the same rule does not fire again for ``quiet_after_visit_days``.
- A patient's "Not now" to a prompt brings it back after ``not_now_days``.

Warning signs and PHQ-9 item 9 are never quiet: ``QUIETABLE`` does not hold them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from program.rules.flags import MOOD_RULE
from program.rules.settings import RuleSettings

PERSISTING_RULE = "persisting"
WORSENING_RULE = "worsening"
END_OF_PROGRAM_RULE = "end_of_program"
LOW_ADHERENCE_RULE = "low_adherence"

QUIETABLE: frozenset[str] = frozenset(
    {PERSISTING_RULE, WORSENING_RULE, END_OF_PROGRAM_RULE, MOOD_RULE, LOW_ADHERENCE_RULE}
)

AFTER_VISIT = "after_visit"
NOT_NOW = "not_now"


def quiet_reason(
    rule: str,
    as_of: date,
    settings: RuleSettings,
    *,
    last_completed_visit: date | None = None,
    not_now_dates: Iterable[date] = (),
) -> str | None:
    """Why ``rule`` is quiet on ``as_of`` (``AFTER_VISIT`` or ``NOT_NOW``), or None if it is not.

    A visit on day V keeps the rule quiet from V to V + ``quiet_after_visit_days`` - 1; "Not now"
    on day N keeps it quiet from N to N + ``not_now_days`` - 1. Dates after ``as_of`` are ignored.
    """
    if rule not in QUIETABLE:
        return None
    visit = last_completed_visit
    if visit is not None and visit <= as_of < visit + timedelta(
        days=settings.quiet_after_visit_days
    ):
        return AFTER_VISIT
    for day in not_now_dates:
        if day <= as_of < day + timedelta(days=settings.not_now_days):
            return NOT_NOW
    return None
