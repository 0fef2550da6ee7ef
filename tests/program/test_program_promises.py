"""Patient copy promises only what the program offers when the patient reads it.

The app has lessons, a daily check-in, questionnaires, goals and progress; it has no movement,
sleep-diary, breathing-timer or flare-plan screens yet. Copy may suggest doing those things on
paper or on one's own, but no sentence may say the app or the program provides them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from program import onboarding, warning_signs, wording
from program.lessons import load_lessons
from program.onboarding import consent_text
from tests.utils.lesson_text import patient_text

ROOT = Path(__file__).resolve().parents[2]
NOT_BUILT_YET = re.compile(
    r"\b(diary|timer|movement plan|flare plan|guided|exercises?|breathing|body scan|notes?|"
    r"lighter plan|movement steps)\b",
    re.IGNORECASE,
)
THE_APP = re.compile(r"\b(app|program)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _screen_texts() -> dict[str, str]:
    texts = {lesson.slug: patient_text(lesson) for lesson in load_lessons()}
    texts["wording"] = "\n".join(wording.PATIENT_TEXTS)
    texts["onboarding"] = "\n".join(onboarding.PATIENT_TEXTS)
    texts["consent"] = consent_text()
    texts["warning signs"] = "\n".join(
        step
        for guidance in (*warning_signs.GUIDANCE.values(), warning_signs.SELF_HARM_GUIDANCE)
        for step in guidance.steps
    )
    return texts


@pytest.mark.parametrize("where", sorted(_screen_texts()))
def test_it_promises_no_app_feature_that_does_not_exist_yet(where: str) -> None:
    promises = [
        s
        for s in _sentences(_screen_texts()[where])
        if THE_APP.search(s) and NOT_BUILT_YET.search(s)
    ]
    assert promises == [], where


def test_it_catches_the_promises_it_is_meant_to_catch() -> None:
    for old in (
        "The app has a simple sleep diary.",
        "The breathing timer in the app can guide you.",
        "Save your flare plan in the app.",
        "Stop your program exercises until a clinician has seen you.",
    ):
        assert THE_APP.search(old) and NOT_BUILT_YET.search(old), old


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
