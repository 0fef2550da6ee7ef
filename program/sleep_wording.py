"""What the Sleep screen and the sleep part of Progress say to patients, so every sentence is tested.

Pure. Plain and kind: the diary is a record, not a test; nothing here says a night was "bad".
The habits for everyone and the bedtime plan follow CLINICAL.md ("Sleep"), in our own words.
"""

from __future__ import annotations

from datetime import date, timedelta

from program.sleep import WeeklySleep
from program.sleep_schedule import SleepWindow

SLEEP_TITLE = "Sleep"
SLEEP_INTRO = (
    "Each morning, write down how last night went. It takes about a minute. "
    "Over a week or two, it shows what your sleep is like."
)

# --- the diary ---------------------------------------------------------------------------------
DIARY_TITLE = "Sleep diary"
WHICH_NIGHT = "Which night?"
INTO_BED = "When did you get into bed?"
TO_SLEEP = "How long after getting into bed did you fall asleep? (minutes)"
AWAKENINGS = "How many times did you wake up in the night?"
AWAKE = "How many minutes were you awake in the night, after you first fell asleep?"
FINAL_WAKE = "When did you wake up for the last time?"
OUT_OF_BED = "When did you get out of bed?"
QUALITY = "How well did you sleep?"
QUALITY_LABELS = {1: "Very poor", 2: "Poor", 3: "OK", 4: "Good", 5: "Very good"}  # as Today asks
TIMES_HINT = "A good guess is fine. You do not need to check the clock in the night."
SAVE = "Save my diary"
SAVED = "Saved. Thank you for writing it down."
UPDATED = "Updated. Thank you."
ALREADY_FILLED = "You filled in this night already. Saving again will change it."
NOT_SAVED = "Your diary was not saved."
NO_QUALITY = "Please choose how well you slept."


def night_label(night: date, today: date) -> str:
    """``Last night (Tue 17 Mar)`` for the night before today; ``Night of Mon 16 Mar`` before."""
    day = f"{night:%a} {night.day} {night:%b}"
    return f"Last night ({day})" if night == today - timedelta(days=1) else f"Night of {day}"


def duration(minutes: int | float) -> str:
    """``7 hours 5 minutes``, ``6 hours``, ``45 minutes`` (whole minutes)."""
    total = int(minutes + 0.5)
    hours, mins = divmod(total, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if mins or not hours:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def saved_night(total_sleep: int, time_in_bed: int) -> str:
    """What the diary entry works out to, just after saving."""
    return (
        f"You were in bed for {duration(time_in_bed)} and asleep for about {duration(total_sleep)}."
    )


# --- the last 7 nights -------------------------------------------------------------------------
WEEK_TITLE = "Your last 7 nights"
NO_NIGHTS = "Nothing yet. Your first night will show here once you save it."


def week_text(week: WeeklySleep | None, nights_asked: int = 7) -> str:
    """The last nights in plain words: how many filled in, sleep a night, share of time asleep."""
    if week is None:
        return NO_NIGHTS
    return (
        f"You filled in {week.nights} of the last {nights_asked} nights. "
        f"You slept about {duration(week.mean_total_sleep)} a night, "
        f"and you were asleep for {week.efficiency:g}% of your time in bed."
    )


# --- habits for everyone -----------------------------------------------------------------------
HABITS_TITLE = "Habits that help sleep"
HABITS_INTRO = "These help most people. Try one or two at a time."
HABITS = (
    "Get up at the same time every day, even after a poor night and on days off.",
    "Use your bed for sleep (and sex) only. Read, watch and scroll in another room.",
    "If you are awake for about 20 minutes, get up. Do something calm in dim light. "
    "Go back to bed when you feel sleepy.",
    "Try not to nap in the day, so that you are sleepy at night.",
    "Take 30 to 60 minutes to wind down before bed. Dim the lights and put screens away.",
)

# --- the bedtime plan (only when a clinician has switched it on) --------------------------------
PLAN_TITLE = "Your bedtime plan"
PLAN_INTRO = (
    "Your care team set up this plan with you. Less time lying awake in bed can help your "
    "sleep grow deeper. The plan changes a little each week, from your diary."
)
PLAN_WAITING = (
    "Your suggested bedtime will show here once your diary has 5 of the last 7 nights. "
    "Keep writing it down each morning."
)
NO_WAKE_TIME = "Please ask your care team which wake time to keep to."
DRIVING_WARNING = (
    "In the first weeks you may feel more sleepy in the day. If you feel sleepy, do not drive, "
    "and do not use machines or tools that could hurt you. Tell your care team if the sleepiness "
    "is strong."
)


def bedtime_text(bedtime: str, wake_time: str) -> str:
    return f"Go to bed no earlier than {bedtime}. Get up at {wake_time} every day."


def window_text(minutes: int) -> str:
    return f"That gives you {duration(minutes)} in bed."


def note_text(note: str) -> str:
    return f"Your care team's note: {note}"


def change_text(window: SleepWindow) -> str:
    """Why this week's time in bed is what it is, from the week's diary."""
    if window.first:
        return "This is your first plan. It is about the time you slept a night last week."
    if window.efficiency is None:
        return (
            f"Your plan stays the same this week. The diary had {window.nights} of the "
            "last 7 nights, and a change needs at least 5."
        )
    if window.change > 0:
        return (
            f"Your time in bed goes up by {duration(window.change)} this week: "
            "you were asleep for most of your time in bed."
        )
    if window.change < 0:
        return (
            f"Your time in bed goes down by {duration(-window.change)} this week: "
            "you were awake for a good part of your time in bed."
        )
    return "Your plan stays the same this week. It seems to suit you for now."


# --- Progress ----------------------------------------------------------------------------------
PROGRESS_SLEEP_TITLE = "Sleep"
PROGRESS_SLEEP_HINT = (
    "Each bar is the sleep you wrote down, on average a night, in one week of your program. "
    "The line is how much of your time in bed you were asleep."
)
PROGRESS_NO_SLEEP = "Your sleep will show here once you write down a few nights on the Sleep page."


def progress_sleep_text(nights: int, latest: WeeklySleep | None) -> str:
    if latest is None:
        return PROGRESS_NO_SLEEP
    return (
        f"You have written down {nights} nights so far. In your latest week you slept about "
        f"{duration(latest.mean_total_sleep)} a night."
    )


PATIENT_TEXTS: tuple[str, ...] = (
    SLEEP_INTRO,
    TIMES_HINT,
    SAVED,
    UPDATED,
    ALREADY_FILLED,
    NOT_SAVED,
    NO_QUALITY,
    NO_NIGHTS,
    HABITS_INTRO,
    *HABITS,
    PLAN_INTRO,
    PLAN_WAITING,
    NO_WAKE_TIME,
    DRIVING_WARNING,
    PROGRESS_SLEEP_HINT,
    PROGRESS_NO_SLEEP,
)
