"""Patient copy promises only what the program offers when the patient reads it.

The app has lessons, a daily check-in, questionnaires, goals, progress, a pause and a daily
reminder. The Move page (movement plan and exercises), the flare plan (one tap from Today), the
Sleep page (the sleep diary) and the Breathe page (guided breathing, body scan) come with the
movement and sleep work of issue 11: a sentence about the app or the program may point to those
only by naming the page that has them. Nothing may promise what the app does not have at all
(notes, messages, chat).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from program import (
    maintenance_wording,
    onboarding,
    pause_wording,
    reminder_wording,
    warning_signs,
    wording,
)
from program.lessons import load_lessons
from program.onboarding import consent_text
from tests.utils.lesson_text import patient_text

ROOT = Path(__file__).resolve().parents[2]
# Each feature and the names of the page that has it: "the app" may offer it only by name.
FEATURES: dict[str, re.Pattern[str]] = {
    r"\b(exercises?|movement plan|movement steps?|movement targets?)\b": re.compile(
        r"\bMove page\b"
    ),
    r"\bflare plan\b": re.compile(r"\b(your|the) flare plan\b", re.IGNORECASE),
    r"\b(diary|bedtime)\b": re.compile(r"\bSleep page\b"),
    r"\b(breathing|timer|guided|body scan|pacer)\b": re.compile(r"\bBreathe page\b"),
}
NOT_BUILT_YET = re.compile(r"\b(notes?|messages?|messaging|chat|video calls?)\b", re.IGNORECASE)
THE_APP = re.compile(r"\b(app|program)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _screen_texts() -> dict[str, str]:
    texts = {lesson.slug: patient_text(lesson) for lesson in load_lessons()}
    texts["wording"] = "\n".join(wording.PATIENT_TEXTS)
    texts["onboarding"] = "\n".join(onboarding.PATIENT_TEXTS)
    texts["consent"] = consent_text()
    texts["pause"] = "\n".join(pause_wording.PATIENT_TEXTS)
    texts["reminder"] = "\n".join(reminder_wording.PATIENT_TEXTS)
    texts["after week 12"] = "\n".join(maintenance_wording.PATIENT_TEXTS)
    texts["warning signs"] = "\n".join(
        step
        for guidance in (*warning_signs.GUIDANCE.values(), warning_signs.SELF_HARM_GUIDANCE)
        for step in guidance.steps
    )
    return texts


def promises(text: str) -> list[str]:
    """Sentences about the app or the program that offer something it does not have, or a track's
    tool without naming the page that has it."""
    found = []
    for sentence in _sentences(text):
        if not THE_APP.search(sentence):
            continue
        unnamed = [
            words
            for words, page in FEATURES.items()
            if re.search(words, sentence, re.IGNORECASE) and not page.search(sentence)
        ]
        if unnamed or NOT_BUILT_YET.search(sentence):
            found.append(sentence)
    return found


@pytest.mark.parametrize("where", sorted(_screen_texts()))
def test_it_promises_no_app_feature_that_does_not_exist(where: str) -> None:
    assert promises(_screen_texts()[where]) == [], where


@pytest.mark.parametrize(
    "old",
    [
        "The app has a simple sleep diary.",
        "The breathing timer in the app can guide you.",
        "Stop your program exercises until a clinician has seen you.",
        "Write it in the notes in the app.",
        "Send your care team a message in the app.",
    ],
)
def test_it_catches_the_promises_it_is_meant_to_catch(old: str) -> None:
    assert promises(old) == [old]


@pytest.mark.parametrize(
    "named",
    [
        "Your flare plan is one tap from Today in the app.",
        "The app's Move page sets your exercises for the week.",
        "The app keeps your sleep diary on the Sleep page.",
        "The program's guided breathing is on the Breathe page.",
    ],
)
def test_it_allows_a_track_tool_named_by_its_page(named: str) -> None:
    assert promises(named) == []


def test_it_tells_people_to_stop_any_exercise_until_seen_after_an_emergency_sign() -> None:
    steps = warning_signs.GUIDANCE[warning_signs.EMERGENCY].steps
    assert "Stop any exercise or activity until a clinician has seen you." in steps


def test_it_promises_in_the_consent_only_what_the_program_aims_for() -> None:
    text = consent_text()
    assert "aims to help your nervous system feel safe again" in text
    assert "movement" not in text.lower()
    assert "It helps your nervous system" not in text


def test_it_never_cheers_enjoy_your_day_on_a_patient_screen() -> None:
    assert "enjoy your day" not in "\n".join(_screen_texts().values()).lower()
    for path in (ROOT / "pages").rglob("*.py"):
        assert "enjoy your day" not in path.read_text(encoding="utf-8").lower(), path
