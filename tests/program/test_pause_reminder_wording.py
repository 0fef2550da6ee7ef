"""Every sentence of the Pause and Reminder pages and of Today after week 12 reads at grade 8 or
below, never calls a paused day missed, and never puts health words into the calendar."""

import pytest

from export import reminders as ics
from program import maintenance_wording, pause_wording, reminder_wording
from tests.utils.readability import fk_grade

TEXTS = (
    *pause_wording.PATIENT_TEXTS,
    *reminder_wording.PATIENT_TEXTS,
    *maintenance_wording.PATIENT_TEXTS,
)


@pytest.mark.parametrize("text", TEXTS)
def test_it_keeps_every_sentence_at_grade_8_or_below(text):
    assert fk_grade(text) <= 8, text


def test_it_never_calls_a_paused_day_missed_or_overdue():
    words = " ".join(pause_wording.PATIENT_TEXTS).lower()
    assert "overdue" not in words and "you missed" not in words
    assert "not count as missed" in words or "nothing counts as missed" in words


def test_it_tells_a_pausing_patient_that_safety_keeps_working():
    text = " ".join(pause_wording.WHILE_PAUSED + (pause_wording.NOT_A_MESSAGE,))
    assert "check-in still works" in text and "crisis numbers" in text
    assert "call your clinic" in text


def test_it_tells_how_to_delete_the_reminder_on_both_phones():
    assert reminder_wording.IPHONE_DELETE and reminder_wording.ANDROID_DELETE
    assert "Delete All Future Events" in " ".join(reminder_wording.IPHONE_DELETE)


def test_it_shows_in_the_calendar_only_words_that_say_nothing_about_health():
    for text in (ics.SUMMARY, ics.DESCRIPTION):
        lowered = text.lower()
        assert not any(w in lowered for w in ("pain", "health", "clinic", "flare", "medic"))
    assert ics.SUMMARY in reminder_wording.INTRO
