"""Every lesson and every guidance text routes a warning sign the way the check-in tiers it.

CLINICAL.md "Warning signs": an emergency sign means call 911 now, thoughts of self-harm also 988,
an urgent sign means call the clinic today. No text may invite waiting ("if it does not go away",
"soon"). A paragraph is checked with the list it introduces or follows, since on screen they read
as one piece; each check feedback is checked on its own (the wrong options are allowed to be wrong).
"""

from __future__ import annotations

import re
from itertools import combinations

import pytest

from program.lessons import Lesson, load_lessons
from program.onboarding import CRISIS_STEPS
from program.warning_signs import EMERGENCY, URGENT, WARNING_SIGNS, guidance_for

LESSONS = load_lessons()

# How each checklist sign is named in plain words, keyed like WARNING_SIGNS.
SIGN_WORDS: dict[str, str] = {
    "saddle_numbness": r"groin|saddle|inner thighs|between the legs",
    "bladder_bowel": r"bladder|bowel",
    "weakness": r"(gets|getting) worse quickly|quickly getting worse|rapidly worsening|trouble walking",
    "thunderclap_headache": r"worst (headache )?you have ever|thunderclap|very bad headache",
    "fever_stiff_neck": r"stiff neck",
    "chest_pain": r"chest pain|chest pressure|pressure in your chest",
    "short_of_breath": r"short(ness)? of breath|breathless",
    "stroke": r"stroke|face droop|drooping face|slurred speech",
    # "harming yourself" alone also means tissue damage ("discomfort does not mean you are harming
    # yourself"), so the thought is what names the sign.
    "self_harm": r"thoughts of (harming|hurting) yourself|self-harm|better off dead|suicid",
    "fever_chills": r"fever or chills|fever with your pain|chills",
    "weight_loss": r"weight loss",
    "fall_injury": r"after a fall|fall or accident",
    "night_pain": r"constant at night|all night",
    "hand_clumsiness": r"clumsiness|clumsy",
    "vision_fainting": r"double vision|fainting|blackouts?",
    "calf": r"\bcalf\b",
    "cancer_history": r"\bcancer\b",
}
# New numbness or weakness belongs to no single tier, but it is never something to wait on.
OTHER_SIGN_WORDS = r"numbness|weakness"
TIER_OF = {sign.key: sign.tier for sign in WARNING_SIGNS}

# Words that invite waiting before getting help.
WAITING_WORDS = (
    r"(does|do|did)( not|n't) (go away|settle|pass|stop)",
    r"settles? quickly",
    r"persists?",
    r"\bsoon\b",
    r"keeps? up",
    r"wait and see",
    r"see if (it|they) (pass|passes|goes away|go away|settles?)",
    r"if (it|they) (is|are|gets?) (severe|bad|worse)",
    r"if (it|they) lasts?",
)
SAYS_EMERGENCY = r"911"
SAYS_NOW = r"\bnow\b|right away"
SAYS_CLINIC_TODAY = r"\b(clinic|care team)\b[^.]*\btoday\b"


def _signs_in(text: str) -> set[str]:
    lowered = text.lower()
    return {key for key, words in SIGN_WORDS.items() if re.search(words, lowered)}


def problems(text: str) -> list[str]:
    """What in ``text`` routes a warning sign differently from its tier (empty when consistent)."""
    lowered = text.lower()
    signs = _signs_in(text)
    found: list[str] = []
    if not signs and not re.search(OTHER_SIGN_WORDS, lowered):
        return found
    found += [f"waiting words {w!r}" for w in WAITING_WORDS if re.search(w, lowered)]
    emergency = sorted(s for s in signs if TIER_OF[s] == EMERGENCY and s != "self_harm")
    if emergency and not (re.search(SAYS_EMERGENCY, lowered) and re.search(SAYS_NOW, lowered)):
        found.append(f"{emergency} without 'call 911 now'")
    if "self_harm" in signs and "988" not in lowered:
        found.append("self-harm without 988")
    urgent = sorted(s for s in signs if TIER_OF[s] == URGENT)
    if urgent and not re.search(SAYS_CLINIC_TODAY, lowered):
        found.append(f"{urgent} without 'call your clinic today'")
    return found


def _is_list(block: str) -> bool:
    return all(re.match(r"\s*(?:[-*+]|\d+[.)])\s", line) for line in block.splitlines())


def units(lesson: Lesson) -> list[str]:
    """The lesson's pieces as read: paragraphs (a list joined with its lead-in and follow-up),
    the summary, and each check feedback on its own."""
    groups: list[str] = []
    after_heading = True
    join_next = False
    for block in (b.strip() for b in re.split(r"\n\s*\n", lesson.body)):
        if not block:
            continue
        if block.startswith("#"):
            after_heading, join_next = True, False
            continue
        if _is_list(block) and not after_heading and groups:
            groups[-1] += "\n" + block
            join_next = True
        elif join_next:
            groups[-1] += "\n" + block
            join_next = False
        else:
            groups.append(block)
            join_next = _is_list(block)
        after_heading = False
    feedback = [text for q in lesson.check for text in (q.right, q.wrong)]
    return [lesson.summary, *groups, *feedback]


def _by_path(lessons: list[Lesson]) -> list:
    return [pytest.param(lesson, id=lesson.source_path) for lesson in lessons]


def _all_guidance() -> list:
    keys = [sign.key for sign in WARNING_SIGNS]
    picks = [(k,) for k in keys] + list(combinations(keys, 2))
    return [pytest.param(pick, id="+".join(pick)) for pick in picks]


# --- the checker itself ------------------------------------------------------------------------


def test_it_names_every_checklist_sign_so_a_new_sign_cannot_slip_past() -> None:
    assert set(SIGN_WORDS) == {sign.key for sign in WARNING_SIGNS}
    for sign in WARNING_SIGNS:
        assert _signs_in(sign.text) == {sign.key}, sign.text


@pytest.mark.parametrize(
    "text",
    [
        "In an emergency, such as chest pain that does not go away, call 911.",
        "Call 911 now if chest pain or pressure doesn't settle quickly when you stop.",
        "Some signs need a doctor to check them soon, like fever or chills with your pain.",
        "New loss of bladder control is serious. Tell your care team.",
        "Fever with your pain? Tell your care team at your next visit.",
        "If you have thoughts of harming yourself, call 911 now.",
        "New numbness or weakness? Wait and see if it passes.",
    ],
)
def test_it_catches_wording_that_invites_waiting_or_routes_a_sign_too_low(text: str) -> None:
    assert problems(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "Chest pain or pressure means stop and call 911 now.",
        "Fever or chills with your pain: call your clinic today.",
        "If you have thoughts of harming yourself, call or text 988. If you are in danger now, call 911.",
        "Your heart rate may settle. Take a slow breath.",
    ],
)
def test_it_accepts_wording_that_routes_each_sign_by_its_tier(text: str) -> None:
    assert problems(text) == []


# --- the lessons -------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", _by_path(LESSONS))
def test_it_routes_every_warning_sign_in_a_lesson_by_its_tier_without_waiting_words(
    lesson: Lesson,
) -> None:
    found = {unit[:70]: p for unit in units(lesson) if (p := problems(unit))}
    assert found == {}, lesson.source_path


def test_it_teaches_every_warning_sign_of_both_tiers_in_week_1() -> None:
    week_1 = "\n".join("\n".join(units(lesson)) for lesson in LESSONS if lesson.week == 1).lower()
    assert {k for k, words in SIGN_WORDS.items() if not re.search(words, week_1)} == set()


# --- the check-in's guidance ---------------------------------------------------------------------


@pytest.mark.parametrize("keys", _all_guidance())
def test_it_routes_every_ticked_sign_by_its_tier_in_the_guidance(keys: tuple[str, ...]) -> None:
    guidance = guidance_for(keys)
    text = "\n".join((guidance.heading, *guidance.steps))
    # Read with the signs it answers: those of the highest tier ticked (911 covers the rest).
    answered = [
        sign.text for sign in WARNING_SIGNS if sign.key in keys and sign.tier == guidance.tier
    ]
    assert problems("\n".join((*answered, text))) == []
    first = guidance.steps[0]
    if keys == ("self_harm",):
        assert "988" in first and "911" in text
    elif guidance.tier == EMERGENCY:
        assert "911" in first and re.search(SAYS_NOW, first)
    else:
        assert re.search(SAYS_CLINIC_TODAY, first.lower())
    if "self_harm" in keys:
        assert "988" in text


def test_it_shows_crisis_steps_without_stopping_exercises_when_only_self_harm_is_ticked() -> None:
    guidance = guidance_for(["self_harm"])
    assert guidance.tier == EMERGENCY  # the flag it opens is still an emergency
    assert guidance.steps[0].startswith("Call or text 988")
    assert any("in danger now" in step and "911" in step for step in guidance.steps)
    assert not any("exercise" in step.lower() for step in guidance.steps)


def test_it_keeps_911_first_and_adds_988_when_self_harm_comes_with_another_emergency_sign() -> None:
    guidance = guidance_for(["self_harm", "chest_pain"])
    assert guidance.steps[0].startswith("Call 911")
    assert any("988" in step for step in guidance.steps)


def test_it_puts_988_first_in_the_questionnaire_crisis_steps() -> None:
    assert "988" in CRISIS_STEPS[0] and "911" in CRISIS_STEPS[1]
    assert problems(" ".join(CRISIS_STEPS) + " thoughts of harming yourself") == []
