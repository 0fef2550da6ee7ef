"""What the Breathe screen and the practice part of Progress say to patients (all tested for grade).

Pure. Slow breathing, a body scan and noticing without judging (CLINICAL.md, "Breathing and
mindfulness"), in our own plain words. Nothing here promises that a practice takes pain away.
"""

from __future__ import annotations

from program.vocabulary import PracticeKind

BREATHE_TITLE = "Breathe"
BREATHE_INTRO = (
    "A few quiet minutes can help your body feel safe and settle. "
    "Pick a practice, find a comfortable place, and start when you are ready."
)
PRACTICE_CHOICE = "Practice"
PRACTICE_NAMES = {
    PracticeKind.BREATHING: "Slow breathing",
    PracticeKind.BODY_SCAN: "Body scan",
    PracticeKind.NOTICING: "Notice without judging",
}

# --- slow breathing ----------------------------------------------------------------------------
BREATHING_INTRO = (
    "Breathe in as the circle grows and out as it gets smaller. "
    "Let the breath out be longer than the breath in."
)
PACE_LABEL = "Breaths a minute"
PACE_HELP = "6 is a good place to start. A lower number means slower breaths."
LENGTH_LABEL = "How many minutes?"
SOUND_LABEL = "Soft sound to breathe in and out (for eyes closed)"
VIBRATE_LABEL = "Vibrate to breathe in and out (on phones that can)"
START = "Start"
FINISH = "Finish"
DURING = (
    "Breathe in gently through your nose. Breathe out slowly, as if through a straw. "
    "If you feel dizzy or short of breath, stop and breathe as you usually do."
)
FINISH_HINT = "Tap Finish when you are done. Your minutes are saved when the time is up too."
BREATHE_IN, BREATHE_OUT = "Breathe in", "Breathe out"
TAP_FOR_SOUND = "Tap here to turn on the sound"
TIME_UP = "Time is up"
TOO_SHORT = "That was less than a minute, so nothing was saved. You can start again at any time."
NOT_SAVED = "Your practice was not saved."
LEFT_OPEN = (
    "The breathing session you started earlier was left open, so it was not saved. "
    "You can start a new one at any time."
)


def pace_text(breathe_in: float, breathe_out: float) -> str:
    return f"About {breathe_in:g} seconds in and {breathe_out:g} seconds out."


def done_text(minutes: int, completed: bool) -> str:
    """After a session: the minutes saved, warmly, whether or not it ran to the end."""
    unit = "minute" if minutes == 1 else "minutes"
    if completed:
        return f"Well done. You practised for {minutes} {unit}."
    return f"You practised for {minutes} {unit}. Every minute counts."


def week_text(minutes_this_week: int) -> str:
    if minutes_this_week == 0:
        return "Any practice you do this week will show here."
    unit = "minute" if minutes_this_week == 1 else "minutes"
    return f"This week you have practised for {minutes_this_week} {unit}."


# --- guided text practices ---------------------------------------------------------------------
BODY_SCAN_INTRO = "Move your attention slowly through your body, from your feet to your head."
BODY_SCAN_STEPS = (
    "Sit or lie down in a way that feels OK. Close your eyes if you like.",
    "Take three slow breaths. Let your body be held by the chair, bed or floor.",
    "Bring your attention to your feet. Notice what is there: warm, cool, tingly, or nothing.",
    "Slowly move up: your legs, your hips, your belly and your back.",
    "Then your hands, your arms, your shoulders, your neck and your face.",
    "If you find pain, notice it, breathe, and let your attention move on. "
    "You do not need to change anything.",
    "When your mind wanders, that is normal. Gently bring it back to where you were.",
    "To finish, take a deeper breath, move your fingers and toes, and open your eyes.",
)
NOTICING_INTRO = "Notice what is going on for you right now, without calling it good or bad."
NOTICING_STEPS = (
    "Sit in a way that feels OK, and let your breath be as it is.",
    "Notice five things you can see, four you can hear and three you can feel.",
    "Notice any thoughts. You could say to yourself: there is a thought about work.",
    "Notice any feelings in your body. Give them a plain name, like tight, warm or heavy.",
    "If pain is there, notice where it is and how it changes from moment to moment.",
    "Each time you start to judge, notice that too, and come back to noticing.",
    "When you are ready, take a slow breath and go on with your day.",
)
MINUTES_LABEL = "How many minutes did you practise?"
DID_IT = "I did this practice"

# --- Progress ----------------------------------------------------------------------------------
PROGRESS_PRACTICE_TITLE = "Minutes practised"
PROGRESS_NO_PRACTICE = "Your breathing and other practice will show here. Try it on Breathe."


def progress_practice_text(total: int, sessions: int) -> str:
    times = "once" if sessions == 1 else f"{sessions} times"
    return f"You have practised {times}, for {total} minutes in all."


PATIENT_TEXTS: tuple[str, ...] = (
    BREATHE_INTRO,
    BREATHING_INTRO,
    PACE_HELP,
    DURING,
    FINISH_HINT,
    TOO_SHORT,
    NOT_SAVED,
    LEFT_OPEN,
    BODY_SCAN_INTRO,
    *BODY_SCAN_STEPS,
    NOTICING_INTRO,
    *NOTICING_STEPS,
    PROGRESS_NO_PRACTICE,
)
