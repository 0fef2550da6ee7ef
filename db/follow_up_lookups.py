"""What the rules' quiet periods read: completed visits and "Not now" answers (no permission checks).

The cohort run joins these selects to everyone's current enrolment (set-based); a patient's save
and the prompt on Today ask about one patient.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, select

from db.models import NotNowAnswer, Visit
from program.rules import RuleSettings, quiet_reason


def completed_visits_select():
    """(patient_id, local_date) of every completed visit."""
    return select(Visit.patient_id, Visit.local_date).where(Visit.completed_at.is_not(None))


def not_now_select():
    """(patient_id, said_on, rule) of every "Not now" answer."""
    return select(NotNowAnswer.patient_id, NotNowAnswer.said_on, NotNowAnswer.rule)


def quiet_inputs(
    session: Session, patient_id: int, as_of: date
) -> tuple[tuple[date, ...], tuple[tuple[str, date], ...]]:
    """One patient's completed visit days and (rule, day) "Not now" answers up to ``as_of``."""
    visits = session.exec(
        completed_visits_select().where(Visit.patient_id == patient_id, Visit.local_date <= as_of)
    ).all()
    answers = session.exec(
        not_now_select().where(NotNowAnswer.patient_id == patient_id, NotNowAnswer.said_on <= as_of)
    ).all()
    return tuple(day for _, day in visits), tuple((rule, day) for _, day, rule in answers)


def quiet_now(
    session: Session, patient_id: int, rule: str, as_of: date, settings: RuleSettings
) -> str | None:
    """Why ``rule`` is quiet for this patient on ``as_of`` (program.rules.quiet_reason), or None.

    Warning signs and PHQ-9 item 9 are never quiet, whatever is stored.
    """
    visits, answers = quiet_inputs(session, patient_id, as_of)
    return quiet_reason(
        rule,
        as_of,
        settings,
        last_completed_visit=max(visits, default=None),
        not_now_dates=[day for r, day in answers if r == rule],
    )


def by_patient(rows) -> dict[int, list]:
    """Rows whose first column is a patient id, grouped: patient id -> the other columns."""
    grouped: dict[int, list] = defaultdict(list)
    for patient_id, *rest in rows:
        grouped[patient_id].append(rest[0] if len(rest) == 1 else tuple(rest))
    return grouped
