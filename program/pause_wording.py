"""What the patient reads about pausing their own program (Today and the Pause page).

Pure. Plain and kind: a pause is never "missed" time, and it never switches off safety: the
check-in, the warning-sign questions and the crisis numbers keep working while paused.
"""

from __future__ import annotations

from datetime import date, timedelta

from program.defaults import DEFAULTS


def day_label(day: date) -> str:
    """``Friday, March 27``."""
    return f"{day:%A}, {day:%B} {day.day}"


PAGE_TITLE = "Pause my program"
INTRO = (
    "You can pause your program for a holiday, an illness, an operation or a busy time. "
    "Paused days do not count as missed. When the pause ends, your program picks up where you "
    "left off."
)
WHILE_PAUSED_TITLE = "While your program is paused"
WHILE_PAUSED = (
    "Nothing new is due: no new lessons, weekly questions or movement steps.",
    "Your daily check-in still works, and so do the questions about new health problems. "
    "Please keep using them if something is new.",
    "Get help and the crisis numbers are always there.",
    "Your care team can see that you paused, and the reason you give.",
    "A reminder in your phone's calendar keeps coming. The reminder page shows how to turn it off.",
)
NOT_A_MESSAGE = (
    "A pause does not tell your care team that you need help. If you feel unwell or something "
    "is new, use the check-in on Today or call your clinic."
)
REASON_LABEL = "Why are you pausing?"
REASONS = (
    "A holiday or a trip",
    "An illness",
    "Surgery or a test",
    "A busy time",
    "Something else",
)
NOTE_LABEL = "Anything else your care team should know? (you can leave this empty)"
END_LABEL = "Last day of the pause"
PAUSE_BUTTON = "Pause my program"
PAUSED_NOW = "Your program is paused. Take good care of yourself."
NOT_STARTED = "Your program has not started yet, so there is nothing to pause."
NOT_ENROLLED = "Your program has not been set up yet, so there is nothing to pause."
RESUME_BUTTON = "Start again now"
RESUMED = "Welcome back. Your program has started again where you left off."
CHANGE_END_TITLE = "Change the last day"
CHANGE_END_BUTTON = "Save the new last day"
END_CHANGED = "Thank you. The new last day of your pause is saved."
BY_CARE_TEAM = (
    "Your care team paused your program. To change or end this pause, please talk with them."
)
LINK = "Pause my program"
LINK_PAUSED = "Change or end the pause"
# Stored as the reason of the patient's own resume (the care team reads it in the plan history).
RESUMED_REASON = "Started again by the patient."


def max_days_text(days: int = DEFAULTS.self_pause_max_days) -> str:
    weeks = days // 7
    span = f"{weeks} weeks" if days % 7 == 0 else f"{days} days"
    return (
        f"You can pause for up to {span} at a time. "
        "For a longer break, please talk with your care team."
    )


def paused_until(last_day: date | None) -> str:
    """The first line Today and the Pause page show during a pause."""
    if last_day is None:
        return "Your program is paused."
    return f"Your program is paused until {day_label(last_day)}."


def starts_again(last_day: date | None) -> str:
    if last_day is None:
        return "Nothing is due while it is paused, and nothing counts as missed."
    return (
        f"It starts again by itself on {day_label(last_day + timedelta(days=1))}, right where "
        "you left off. Nothing counts as missed."
    )


def your_reason(reason: str) -> str:
    return f"Your reason: {reason}"


TODAY_PAUSED = (
    "You can still check in. If something new is going on with your health, the check-in "
    "questions and Get help still work."
)

_DAY = date(2026, 3, 27)
PATIENT_TEXTS: tuple[str, ...] = (
    PAGE_TITLE,
    INTRO,
    WHILE_PAUSED_TITLE,
    *WHILE_PAUSED,
    NOT_A_MESSAGE,
    REASON_LABEL,
    *REASONS,
    NOTE_LABEL,
    END_LABEL,
    PAUSE_BUTTON,
    PAUSED_NOW,
    NOT_STARTED,
    NOT_ENROLLED,
    RESUME_BUTTON,
    RESUMED,
    CHANGE_END_TITLE,
    CHANGE_END_BUTTON,
    END_CHANGED,
    BY_CARE_TEAM,
    LINK,
    LINK_PAUSED,
    max_days_text(),
    paused_until(_DAY),
    paused_until(None),
    starts_again(_DAY),
    starts_again(None),
    your_reason("A holiday or a trip"),
    TODAY_PAUSED,
)
