"""Today after week 12: the maintenance plan in plain words, weekly PEG, and PHQ-9 and GAD-7 every
4 weeks as the safety net (AppTest through the real app, frozen time)."""

from datetime import UTC, date, datetime

import pytest

from db.actions import give_consent
from program import maintenance_wording as m
from program import wording as w
from program.onboarding import CONSENT_VERSION
from tests.pages.conftest import login_as, texts
from tests.utils import actor_for, make_patient
from tests.utils.screens import cards


@pytest.fixture
def ana(db, frozen):
    """Week 1 began on Monday 2 March 2026: week 13 begins on Monday 25 May."""
    make_patient("Ana", username="ana", start=date(2026, 3, 2))
    give_consent(actor=actor_for("ana"), version=CONSENT_VERSION)


def today_on(frozen, day: date):
    frozen.move_to(datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=16))
    return login_as("ana")


def titles(at) -> list[str]:
    return [c.split("**")[1] for c in cards(at)]


def test_it_shows_the_plan_from_here_in_week_13(ana, frozen):
    at = today_on(frozen, date(2026, 5, 27))
    shown = texts(at)
    assert w.FINISHED_TITLE in shown and m.PLAN_TITLE in shown
    for line in m.plan_lines(3):  # week 13: the mood questions come in week 16
        assert line in shown, line
    assert "Week 13" not in shown and not at.error
    assert titles(at) == [w.CHECK_IN_TITLE, "Pain and daily life"]


def test_it_asks_the_mood_and_worry_questions_again_in_week_16(ana, frozen):
    at = today_on(frozen, date(2026, 6, 15))  # Monday of week 16
    assert m.mood_questions(0) in texts(at)
    assert titles(at) == [w.CHECK_IN_TITLE, "Pain and daily life", "Your mood", "Worry and stress"]


def test_it_asks_only_the_weekly_questions_in_week_17(ana, frozen):
    at = today_on(frozen, date(2026, 6, 24))
    assert m.mood_questions(3) in texts(at)
    assert titles(at) == [w.CHECK_IN_TITLE, "Pain and daily life"]
