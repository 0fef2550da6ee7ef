"""Every patient-facing sentence of Today, Learn and Progress reads at grade 8 or below."""

import pytest

from program import analytics
from program.analytics import PainChange, PegChange
from program.wording import PATIENT_TEXTS
from tests.utils.readability import fk_grade

PROGRESS_TEXTS = (
    analytics.pain_message(None),
    analytics.pain_message(PainChange(6.1, 4.0, 0.34, True)),
    analytics.pain_message(PainChange(6.1, 5.5, 0.1, False)),
    analytics.peg_message(None),
    analytics.peg_message(PegChange(6.0, None, False)),
    analytics.peg_message(PegChange(6.0, 4.67, True)),
    analytics.peg_message(PegChange(6.0, 5.67, False)),
    analytics.streak_message(0),
    analytics.streak_message(9),
    analytics.adherence_message(0, 0),
    analytics.adherence_message(12, 3),
    analytics.adherence_message(12, 0),
)


@pytest.mark.parametrize("text", PATIENT_TEXTS + PROGRESS_TEXTS)
def test_it_keeps_patient_text_at_grade_8_or_below(text):
    assert fk_grade(text) <= 8, text


def test_it_never_says_missed_or_overdue_to_patients():
    words = " ".join(PATIENT_TEXTS + PROGRESS_TEXTS).lower()
    assert "overdue" not in words and "you missed" not in words and "late" not in words.split()
