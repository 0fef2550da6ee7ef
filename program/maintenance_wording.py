"""What Today says after week 12: the maintenance plan in plain words (CLINICAL.md "Pause and after
week 12": weekly PEG, PHQ-9 and GAD-7 every 4 weeks as the safety net, movement at the level
reached, practice). The schedule itself is program.measures; this only words it.

Pure.
"""

from __future__ import annotations

from program.defaults import DEFAULTS

PLAN_TITLE = "Your plan from here"
CHECK_IN = "Check in each day, as before. It helps you and your care team see how you are doing."
PEG = "Answer the short questions about pain once a week."
MOVE = "Keep moving at the level you reached, on the Move page. Your plan holds it there."
PRACTICE = "Keep up the practice that helps you, like slow breathing on the Breathe page."
LESSONS = "Read any lesson again in Learn, and keep your flare plan for harder days."


def mood_questions(weeks_until: int, every: int = DEFAULTS.mood_questionnaire_every_weeks) -> str:
    """When the next questions about mood and worry come (PHQ-9 and GAD-7)."""
    if weeks_until == 0:
        return (
            f"Your questions about mood and worry are due this week. They come every {every} weeks."
        )
    if weeks_until == 1:
        return "Your next questions about mood and worry come next week."
    return f"Your next questions about mood and worry come in {weeks_until} weeks."


def plan_lines(weeks_until_mood: int) -> tuple[str, ...]:
    return (CHECK_IN, PEG, mood_questions(weeks_until_mood), MOVE, PRACTICE, LESSONS)


PATIENT_TEXTS: tuple[str, ...] = (
    PLAN_TITLE,
    *plan_lines(0),
    mood_questions(1),
    mood_questions(3),
)
