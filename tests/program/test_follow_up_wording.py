"""Every follow-up sentence a patient reads: plain (grade 8 or below), kind, never a verdict."""

import re
from datetime import date, time

import pytest

from program import follow_up_wording as fw
from program.rules import mood_flag, phq9_item9_flag, warning_sign_flags
from program.vocabulary import PlanEventKind
from tests.utils.readability import GRADE_LIMIT, fk_grade

DAY = date(2026, 3, 23)
VERDICTS = ("not improved", "not enough", "failed", "worse than", "30%", "poor", "should have")


def every_text() -> list[str]:
    """Every constant of the wording module and every sentence its functions make."""
    texts = [v for k, v in vars(fw).items() if k.isupper() and isinstance(v, str)]
    texts += [
        t
        for k, v in vars(fw).items()
        if k.isupper() and isinstance(v, tuple | dict)
        for t in (v.values() if isinstance(v, dict) else v)
        if isinstance(t, str)
    ]
    texts += [
        fw.not_now_done(7),
        fw.requested_line(DAY),
        fw.scheduled_line(DAY, time(10, 30), "telehealth"),
        fw.scheduled_line(DAY, time(14, 0), "in_person"),
        fw.completed_line(DAY),
        fw.with_clinician("Dr. Jordan Lee"),
        fw.cancelled_line(DAY, True),
        fw.cancelled_line(DAY, False),
        fw.ics_description("(617) 555-0142"),
        fw.ics_description(None),
    ]
    texts += [
        fw.plan_change_line(kind, "Pain is a protector", DAY)
        for kind in (*PlanEventKind, "something_new")
    ]
    # The rules' words shown in the prompt for the flags written at save time.
    texts += [s.patient_explanation for s in warning_sign_flags(["chest_pain", "self_harm"], DAY)]
    texts.append(phq9_item9_flag(1, DAY, finished=True).patient_explanation)
    texts.append(mood_flag("GAD7", 16, DAY).patient_explanation)
    return texts


LABEL_WORDS = 5  # a button or a heading: a reading grade says nothing about two words


@pytest.mark.parametrize("text", every_text())
def test_it_writes_every_follow_up_text_plainly_and_never_as_a_verdict(text):
    words = re.findall(r"[A-Za-z']+", text)
    assert words, text
    if len(words) > LABEL_WORDS:
        assert fk_grade(text) <= GRADE_LIMIT, text
    lowered = text.lower()
    assert not any(v in lowered for v in VERDICTS), text


def test_it_says_times_and_days_the_way_people_do():
    assert fw.scheduled_line(DAY, time(10, 30), "telehealth") == (
        "Your follow-up visit is on Monday, March 23 at 10:30 am, by video or phone."
    )
    assert fw.time_text(time(0, 5)) == "12:05 am" and fw.time_text(time(12, 0)) == "12:00 pm"
    assert (
        fw.plan_change_line("pause", None, DAY) == "Your program is paused until Monday, March 23."
    )
    assert fw.plan_change_line("pause", None, None) == "Your program is paused for now."


def test_it_gives_routine_mood_words_to_nobody_but_the_care_team():
    assert mood_flag("PHQ9", 11, DAY).patient_explanation == ""
    assert mood_flag("PHQ9", 15, DAY).patient_explanation.startswith("Your answers about your mood")
