"""The "my plan from here" PDF is worded for patients: grade 8 or lower, and its numbers come from
the program's schedule, never written into the words."""

import pytest

from program import plan_from_here_wording as w
from tests.utils.readability import GRADE_LIMIT, fk_grade


@pytest.mark.parametrize("sentence", w.PATIENT_SENTENCES)
def test_it_keeps_every_sentence_of_the_plan_from_here_at_grade_8_or_lower(sentence):
    assert fk_grade(sentence) <= GRADE_LIMIT, sentence


def test_it_words_the_safety_net_from_the_numbers_it_is_given():
    assert w.peg_line(1) == "Answer the short questions about pain once a week."
    assert "every 6 weeks" in w.mood_line(6)


def test_it_never_gives_advice_about_medicines():
    words = " ".join(w.PATIENT_SENTENCES).lower()
    for word in ("medicine", "medication", "dose", "pill", "diagnos"):
        assert word not in words, word
