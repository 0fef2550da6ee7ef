"""The words of the one-page "my plan from here" PDF a patient downloads after week 12
(CLINICAL.md "Pause and after week 12": movement at the level reached, the sleep plan, the flare
plan, practice, and weekly PEG with PHQ-9 and GAD-7 every 4 weeks as the safety net).

Pure. Every number comes in as an argument (from program/defaults.py and program/measures.py via
the query); nothing here is a diagnosis or advice about medicines.
"""

from __future__ import annotations

from program.flare_rule import FLARE_RULE
from program.move_wording import FLARE_PROMPTS
from program.movement_wording import amount
from program.sleep_wording import HABITS, bedtime_text

TITLE = "My plan from here"
BUTTON = "Download my plan from here (PDF)"
INTRO = "This is the plan you built in the program. Keep it where you can find it."
FOOTER = "Made with the Recalibrate app."
HEADINGS = {
    "movement": "My movement",
    "sleep": "My sleep",
    "flare": "My flare plan",
    "practice": "My practice",
    "safety": "My check-ins and questions",
    "help": "Getting help",
}
MOVE_INTRO = "Keep moving at the level you reached. Your plan holds it there."
MOVE_NONE = "You have not picked an exercise yet. You can pick one on the Move page."
MOVE_NO_TARGET = "your amount will show on the Move page"
SLEEP_WAITING = "Your bedtime will show on the Sleep page once your diary has enough nights."
SLEEP_HABITS = (HABITS[0], "More habits that help sleep are on the Sleep page.")
FLARE_LABELS = {part: label for part, (label, _) in FLARE_PROMPTS.items()}
FLARE_NONE = "You have not written a flare plan yet. You can write one on the Move page."
FLARE_RULE_LINE = FLARE_RULE
PRACTICE_NONE = "You can try slow breathing on the Breathe page. A few minutes can help."
CHECK_IN = "Check in each day, as before."
NOT_WATCHED = "This app is not watched around the clock."
EMERGENCY = "In an emergency, call 911. For thoughts of harming yourself, call or text 988."


def made_line(first_name: str, made_on: str) -> str:
    """``For Alex. Made on May 27, 2026.``"""
    return f"For {first_name}. Made on {made_on}."


def move_line(name: str, target: int | None, unit: str) -> str:
    """``Walking: 8 minutes a day.``"""
    if target is None:
        return f"{name}: {MOVE_NO_TARGET}."
    return f"{name}: {amount(target, unit)} a day."


def bedtime_lines(bedtime: str | None, wake_time: str | None) -> tuple[str, ...]:
    """The bedtime plan a clinician switched on, in the Sleep page's own words."""
    if bedtime and wake_time:
        return (bedtime_text(bedtime, wake_time),)
    if wake_time:
        return (SLEEP_WAITING, f"Get up at {wake_time} every day.")
    return (SLEEP_WAITING,)


def time_in_bed_line(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    spent = f"{hours} hours" if rest == 0 else f"{hours} hours and {rest} minutes"
    return f"Time in bed each night: about {spent}."


def practice_lines(minutes_this_week: int, used: str | None, suggested: int) -> tuple[str, ...]:
    lines = []
    if minutes_this_week:
        lines.append(f"You practised for {minutes_this_week} minutes this week.")
    if used:
        lines.append(f"The practice you use most: {used}.")
    if not lines:
        lines.append(PRACTICE_NONE)
    lines.append(f"Try about {suggested} minutes a day. Any amount helps.")
    return tuple(lines)


def peg_line(every_weeks: int) -> str:
    if every_weeks == 1:
        return "Answer the short questions about pain once a week."
    return f"Answer the short questions about pain every {every_weeks} weeks."


def mood_line(every_weeks: int) -> str:
    return f"Answer the questions about mood and worry every {every_weeks} weeks."


def clinic_line(clinic_name: str, phone: str) -> str:
    return f"To talk with your care team, call {clinic_name} at {phone}."


PATIENT_SENTENCES: tuple[str, ...] = (
    TITLE,
    BUTTON,
    INTRO,
    FOOTER,
    *HEADINGS.values(),
    MOVE_INTRO,
    MOVE_NONE,
    move_line("Walking", 8, "minutes"),
    move_line("Sit to stand", 12, "reps"),
    move_line("Walking", None, "minutes"),
    SLEEP_WAITING,
    *SLEEP_HABITS,
    *bedtime_lines("23:15", "06:30"),
    time_in_bed_line(435),
    time_in_bed_line(420),
    *FLARE_LABELS.values(),
    FLARE_NONE,
    FLARE_RULE_LINE,
    PRACTICE_NONE,
    *practice_lines(25, "Slow breathing", 5),
    CHECK_IN,
    peg_line(1),
    peg_line(2),
    mood_line(4),
    clinic_line("Riverside Pain Clinic", "555-0100"),
    NOT_WATCHED,
    EMERGENCY,
    made_line("Alex", "May 27, 2026"),
)
