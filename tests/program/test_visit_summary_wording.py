"""The patient's "share with my doctor" summary is worded for patients: grade 8 or lower, and
never a judgement of their change or a band."""

import pytest

from program import visit_summary_wording as w
from tests.utils.readability import GRADE_LIMIT, fk_grade


@pytest.mark.parametrize("sentence", w.PATIENT_SENTENCES)
def test_it_keeps_every_patient_sentence_of_the_summary_at_grade_8_or_lower(sentence):
    assert fk_grade(sentence) <= GRADE_LIMIT, sentence


def test_it_counts_up_what_the_patient_did_and_never_shows_a_zero():
    assert w.done_lines(0, 14, 0) == ["My check-ins and lessons will show here as I go."]
    assert w.done_lines(5, 14, 0) == ["Check-ins in the last 14 days: 5."]
    assert not any("0" in line.split(":")[-1] for line in w.done_lines(5, 14, 2))


def test_it_gives_the_patient_their_numbers_without_judging_the_change():
    words = " ".join(w.PATIENT_SENTENCES).lower()
    for judgement in ("meaningful", "30%", "improv", "worse", "fail", "moderate", "severe"):
        assert judgement not in words, judgement
