"""Onboarding and the baseline week: the consent text, the steps, and when week 1 may start.

Pure domain code (standard library and program.measures only). The database layer gathers plain
facts (consent given, goals, questionnaires done, days with a check-in) and asks this module what
they add up to; the pages show the texts below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from program.defaults import DEFAULTS
from program.measures import INSTRUMENTS, crisis_from_answers, get_instrument, schedule_due
from program.vocabulary import QuestionnaireCode

# --- Consent ----------------------------------------------------------------------------------

# Bump the version whenever the text changes, and keep every earlier version's text below: its
# hash is the proof of what an earlier patient agreed to.
CONSENT_VERSION = "2"
# Versions whose agreement still stands (the patient is not asked again). Version 2 only narrowed
# what the program promises ("aims to"; lessons and a check-in, no movement track yet): data use,
# risks and the right to stop are unchanged, so an agreement to version 1 stands. A change to
# those would leave only the new version here, and everyone would be asked to agree again.
CONSENT_STILL_VALID = frozenset({"1", "2"})
CONSENT_TITLE = "Before you start"
_COMMON_SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "It does not replace your care",
        "This app does not take the place of your doctor or your clinic. Keep seeing your care team "
        "as usual. The app will never tell you to start, stop or change a medicine.",
    ),
    (
        "Who sees your answers",
        "Your care team can see what you write here. They use it to help you. "
        "We keep your answers private.",
    ),
    (
        "Nobody watches this app around the clock",
        "Your care team reads what you send during clinic hours. It may take a day or more. "
        "Do not use this app to ask for help in a hurry.",
    ),
    (
        "In an emergency",
        "Call 911 or go to the nearest emergency room. If you have thoughts of hurting yourself, "
        "call or text 988. You can call at any time, day or night.",
    ),
    (
        "You can stop at any time",
        "You can stop the program when you want. Just tell your care team. "
        "It will not change the care you get.",
    ),
)
_SECTIONS_BY_VERSION: dict[str, tuple[tuple[str, str], ...]] = {
    "1": (
        (
            "What this program is",
            "Recalibrate is a 12-week program. It helps your nervous system feel safe and calm "
            "again. Each week you do short lessons, gentle movement and a few questions. "
            "You go at your own pace.",
        ),
        *_COMMON_SECTIONS,
    ),
    "2": (
        (
            "What this program is",
            "Recalibrate is a 12-week program. It aims to help your nervous system feel safe again. "
            "Each week you read short lessons and answer a few questions. You also do a short daily "
            "check-in. You go at your own pace.",
        ),
        *_COMMON_SECTIONS,
    ),
}
CONSENT_SECTIONS = _SECTIONS_BY_VERSION[CONSENT_VERSION]
CONSENT_AGREEMENT = "I have read this, and I want to take part."


def consent_text(version: str = CONSENT_VERSION) -> str:
    """The full consent text of ``version`` (every version ever shown is kept)."""
    sections = _SECTIONS_BY_VERSION.get(version)
    if sections is None:
        known = ", ".join(sorted(_SECTIONS_BY_VERSION))
        raise ValueError(f"Unknown consent version {version!r}; expected one of {known}.")
    parts = [CONSENT_TITLE, *(f"{head}\n{body}" for head, body in sections)]
    return "\n\n".join([*parts, CONSENT_AGREEMENT])


def consent_hash(version: str = CONSENT_VERSION) -> str:
    """SHA-256 of the consent text, stored with each agreement as proof of what was shown."""
    return hashlib.sha256(consent_text(version).encode()).hexdigest()


# --- Patient-facing texts of onboarding and the questionnaires --------------------------------

WELCOME_TITLE = "Welcome to Recalibrate"
WELCOME_TEXT = (
    "We are glad you are here. First, a few steps to get to know you. "
    "You can stop at any time and come back later. Nothing you enter is lost."
)
GOALS_QUESTION = "What would you like to get back to?"
GOALS_HINT = (
    "Write one to three things, in your own words. For example: walk the dog, "
    "play with my kids, or sleep through the night. You can change them later."
)
BASELINE_TITLE = "Your first week"
BASELINE_TEXT = (
    "These steps show where you are starting from. "
    "Your program begins on the day they are all done."
)
BASELINE_DONE_TEXT = "You have done all the first steps. Your program has begun. Well done!"
CRISIS_HEADING = "You do not have to face this alone. Help is there for you now."
CRISIS_STEPS: tuple[str, ...] = (
    "Call or text 988 to talk with someone now. It is free, and open day and night.",
    "If you might act on these thoughts, or you are in danger now, call 911.",
    "This app is not watched around the clock. Your care team may not see your answers right away.",
)
THANK_YOU = "Thank you. Your answers are saved. Your care team can see them."
SAVE_FAILED = "We could not save that answer just now. Please try again in a moment."
NOTHING_DUE = (
    "There are no questions for you right now. We will show them on Today when it is time."
)
REVIEW_TEXT = "You answered every question. Please check your answers, then tap Submit."
SUBMIT_FAILED = "We could not send your answers just now. They are kept. Please try again soon."
NOT_DUE_NOW = "That questionnaire is not due right now."
NOT_SET_UP = "Your care team will set up your program soon. Then these steps open."

PATIENT_TEXTS: tuple[str, ...] = (
    CONSENT_TITLE,
    *(f"{head}. {body}" for head, body in CONSENT_SECTIONS),
    CONSENT_AGREEMENT,
    f"{WELCOME_TITLE}. {WELCOME_TEXT}",  # a three-word title alone has no meaningful grade
    GOALS_QUESTION,
    GOALS_HINT,
    BASELINE_TITLE,
    BASELINE_TEXT,
    BASELINE_DONE_TEXT,
    CRISIS_HEADING,
    *CRISIS_STEPS,
    THANK_YOU,
    SAVE_FAILED,
    NOTHING_DUE,
    REVIEW_TEXT,
    SUBMIT_FAILED,
    NOT_DUE_NOW,
    NOT_SET_UP,
)  # every string above, for the readability test


# --- Goals ------------------------------------------------------------------------------------

MAX_GOALS = 3


def clean_goals(goals: Iterable[str | None], *, max_chars: int) -> list[str]:
    """The patient's goals, trimmed, blanks and repeats dropped; ValueError in plain words.

    ``max_chars`` is the most one goal may hold (the store's limit, db.models.Goal.text).
    """
    cleaned: list[str] = []
    for goal in goals:
        text = " ".join((goal or "").split())
        if text and text not in cleaned:
            cleaned.append(text)
    if not cleaned:
        raise ValueError("Please write at least one goal.")
    if len(cleaned) > MAX_GOALS:
        raise ValueError(f"Please choose up to {MAX_GOALS} goals.")
    if any(len(text) > max_chars for text in cleaned):
        raise ValueError(f"Please keep each goal under {max_chars} characters.")
    return cleaned


# --- The baseline week ------------------------------------------------------------------------

BASELINE_INSTRUMENTS: tuple[str, ...] = tuple(QuestionnaireCode)

CONSENT, GOALS, DAILY_PAIN = "consent", "goals", "daily_pain"


@dataclass(frozen=True)
class Step:
    key: str  # consent | goals | daily_pain | an instrument code
    title: str
    done: bool
    detail: str = ""
    instrument: str | None = None


@dataclass(frozen=True)
class OnboardingProgress:
    steps: tuple[Step, ...]
    consented: bool
    has_goals: bool
    baseline_complete: bool


def onboarding_progress(
    *,
    consented: bool,
    goal_count: int,
    done_instruments: Iterable[str],
    check_in_days: int,
    check_in_days_needed: int = DEFAULTS.baseline_check_in_days,
) -> OnboardingProgress:
    """Each onboarding step with done / not done, and whether the baseline is complete.

    The baseline is complete with consent, the four baseline questionnaires and enough days with a
    check-in. Goals are asked for but never hold the program back (design choice): they are the
    patient's own words and can be written or changed at any time.
    """
    done = set(done_instruments)
    days = max(0, check_in_days)
    steps = [
        Step(CONSENT, "Agree to take part", consented),
        Step(GOALS, "Write your goals", goal_count > 0),
    ]
    for code in BASELINE_INSTRUMENTS:
        instrument = get_instrument(code)
        steps.append(
            Step(
                code,
                instrument.title,
                code in done,
                f"{len(instrument.items)} questions",
                instrument=code,
            )
        )
    shown_days = min(days, check_in_days_needed)
    steps.append(
        Step(
            DAILY_PAIN,
            f"Check in on {check_in_days_needed} days",
            days >= check_in_days_needed,
            f"{shown_days} of {check_in_days_needed} days done. Use the daily check-in on Today.",
        )
    )
    complete = (
        consented
        and all(code in done for code in BASELINE_INSTRUMENTS)
        and days >= check_in_days_needed
    )
    return OnboardingProgress(tuple(steps), consented, goal_count > 0, complete)


def onboarding_screen(progress: OnboardingProgress, *, week1_started: bool) -> str:
    """The onboarding screen to show: consent, goals, baseline, or done once week 1 has begun."""
    if not progress.consented:
        return CONSENT
    if not progress.has_goals:
        return GOALS
    return "done" if week1_started or progress.baseline_complete else "baseline"


def baseline_pain_mean(
    check_ins: Iterable[tuple[date, int]],
    *,
    start: date,
    end: date,
    check_in_days_needed: int = DEFAULTS.baseline_check_in_days,
    digits: int | None = 2,
) -> float | None:
    """Mean daily pain of the check-ins from ``start`` to ``end`` (both included), one per day,
    rounded to ``digits`` (None: exact, for a rule that compares it with a line).

    ``end`` is the day the baseline completed (week 1's first day). None when fewer than
    ``check_in_days_needed`` days have a check-in.
    """
    by_day = {day: pain for day, pain in check_ins if start <= day <= end}
    if len(by_day) < max(1, check_in_days_needed):
        return None
    mean = sum(by_day.values()) / len(by_day)
    return mean if digits is None else round(mean, digits)


# --- Questionnaire drafts ---------------------------------------------------------------------

# A half-done questionnaire is kept for DEFAULTS.draft_keep_days after its last answer; an older
# draft is dropped.


def draft_is_fresh(
    updated_at: datetime, now: datetime, *, keep_days: int = DEFAULTS.draft_keep_days
) -> bool:
    """Whether a draft last changed at ``updated_at`` may still be resumed at ``now``."""
    return now - updated_at <= timedelta(days=keep_days)


def partial_answers(code: str, answers: Mapping[str, object]) -> dict[str, int]:
    """Answers so far, checked item by item; ValueError in plain words for a bad key or value."""
    instrument = get_instrument(code)
    if not isinstance(answers, Mapping):
        raise ValueError("Please choose one of the answers.")
    items = {item.key: item for item in instrument.items}
    checked: dict[str, int] = {}
    for key, value in answers.items():
        item = items.get(str(key))
        if item is None:
            raise ValueError("That question is not part of this questionnaire.")
        allowed = [option.value for option in item.options]
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            raise ValueError("Please choose one of the answers shown.")
        checked[item.key] = value
    return checked


def missing_items(code: str, answers: Mapping[str, object]) -> list[str]:
    """Keys of the items not answered yet, in order."""
    return [item.key for item in get_instrument(code).items if item.key not in answers]


def first_unanswered(code: str, answers: Mapping[str, object]) -> int:
    """Index of the first unanswered item (the number of items when all are answered)."""
    items = get_instrument(code).items
    return next((i for i, item in enumerate(items) if item.key not in answers), len(items))


def shows_crisis(code: str, answers: Mapping[str, object]) -> bool:
    """Whether crisis resources must be shown: PHQ-9 item 9 answered above 0."""
    return code == QuestionnaireCode.PHQ9 and crisis_from_answers(answers)


def due_instruments(program_week: int, completed: Iterable[str]) -> list[str]:
    """Questionnaires due in ``program_week`` (0 = baseline) and not yet done in that week."""
    done = set(completed)
    return [code for code in INSTRUMENTS if schedule_due(code, program_week) and code not in done]
