"""Factories for onboarding tests: a patient still in the baseline week, finished questionnaires."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from db.access import Actor
from db.engine import write_session
from db.models import Enrolment
from program.measures import get_instrument
from tests.utils import actor_for, make_patient


def baseline_patient(
    given: str = "Bea",
    *,
    username: str = "bea",
    start: date = date(2026, 3, 16),
    timezone: str = "America/New_York",
    **team: object,
) -> Actor:
    """A patient with a login, enrolled from ``start`` and still in the baseline week."""
    patient = make_patient(given, username=username, start=start, timezone=timezone, **team)
    with write_session() as session:
        enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == patient.id)).one()
        enrolment.week1_start = None
        session.add(enrolment)
    return actor_for(username)


def all_answers(code: str, value: int = 0, **overrides: int) -> dict[str, int]:
    """Every item of ``code`` answered ``value``; overrides by item key, e.g. ``**{"9": 1}``."""
    answers = {item.key: value for item in get_instrument(code).items}
    answers.update(overrides)
    return answers


def answers_totalling(code: str, total: int) -> dict[str, int]:
    """Answers adding up to ``total``, filled from the first item, item 9 of the PHQ-9 kept at 0."""
    items = get_instrument(code).items
    top = max(o.value for o in items[0].options)
    answers, left = {}, total
    for item in items:
        take = 0 if (code == "PHQ9" and item.key == "9") else min(top, left)
        answers[item.key] = take
        left -= take
    assert left == 0
    return answers
