"""What patients read on Move, on their flare plan and in Progress's movement section.

Plain words, grade 8 or below (tests/program/test_move_wording.py reads every text here). Pacing:
the target is done on good days and hard days, and stopping at it matters more than doing more,
so "more than planned" is met kindly and never praised. One flare rule everywhere: on a harder
day do the plan; in a flare use the flare plan's agreed scale-down, then return to the held level.
"""

from __future__ import annotations

from program.flare_rule import FLARE_RULE  # the one flare rule, worded once
from program.movement_wording import amount
from program.vocabulary import ExerciseUnit, MovementFeeling, MovementResult

# --- Move ---------------------------------------------------------------------------------------

MOVE_TITLE = "Move"
MOVE_INTRO = (
    "Gentle movement on a plan. Do your target on good days and on hard days. "
    "Stop when you reach it, even if you feel fine."
)
STOP_CALL = (
    "Call 911 for chest pain, very bad shortness of breath or fainting. "
    "For anything else on this list, stop and call your clinic today."
)
NOT_SET_UP = "Your care team will set up your program soon. Then your movement plan opens here."
PAUSED_TITLE = "Your program is paused."
PAUSED_TEXT = (
    "There are no movement targets while it is paused. Rest is fine. When the program starts "
    "again, your plan picks up where it was. Your check-in and warning signs still work on Today."
)
MAINTENANCE_TEXT = (
    "Your 12 weeks are done. Keep moving at the level you reached. "
    "Your clinician can change it with you."
)
TODAY_TITLE = "Your plan today"
CHOOSE_TITLE = "Choose your exercises"
CHOOSE_HINT = (
    "Pick one to five that feel possible for you. "
    "You can change them later. A new one starts with three easy days."
)
CHOOSE_LABEL = "Pick from the list"
CHOOSE_SAVE = "Save my choice"
CHOOSE_SAVED = "Your choice is saved."
CHANGE_TITLE = "Change my exercises"
NONE_CHOSEN = "You have not chosen any exercises yet."
TARGET_LABEL = "Today's target"
HOW_TO = "How to do it"
EASIER = "To make it easier:"
BASELINE_TITLE = "Find your starting point"
BASELINE_TEXT = (
    "On three days, do as much as feels comfortable. Not your most: what feels easy to do. "
    "Then write it here. Your plan starts a little below that."
)
BASELINE_SAVE = "Save today's amount"
BASELINE_SAVED = "Saved. Thank you."
BASELINE_TODAY_DONE = "You saved today's amount. You can change it today."
WAITING_TEXT = "Your targets start in week 1 of your program."
LOG_RESULT = "Did you do your target today?"
LOG_FELT = "How did it feel?"
LOG_SAVE = "Save"
LOGGED_TODAY = "You saved this today. You can change it and save again."
FLARE_LINK = "My flare plan"
MOVE_LINK = "Move"
RESULT_LABELS = {
    MovementResult.AS_PLANNED: "Yes, as planned",
    MovementResult.LESS: "Less",
    MovementResult.MORE: "More",
}
FEELING_LABELS = {
    MovementFeeling.EASY: "Easy",
    MovementFeeling.OK: "OK",
    MovementFeeling.HARD: "Hard",
}
AFTER = {
    MovementResult.AS_PLANNED: "Saved. Keeping to your plan is what builds you up.",
    MovementResult.LESS: (
        "Saved. That is OK. Some days are like that. If most days this week are lighter, "
        "your plan stays where it is for now."
    ),
    MovementResult.MORE: (
        "Saved. Doing more than planned is not the aim. Pacing means stopping at your target, "
        "even on a good day. Next time, try to stop there."
    ),
}
AFTER_HARD = (
    "Some soreness after moving is common, and it is not harm. "
    "If today feels like a flare, use your flare plan."
)


def units(unit: ExerciseUnit | str) -> str:
    return {ExerciseUnit.MINUTES: "minutes", ExerciseUnit.REPS: "reps"}[ExerciseUnit(unit)]


def baseline_question(unit: ExerciseUnit | str) -> str:
    return f"How many {units(unit)} felt OK to do today?"


def amount_question(unit: ExerciseUnit | str) -> str:
    return f"How many {units(unit)} did you do?"


def baseline_progress(done: int, needed: int) -> str:
    return f"Day {done} of {needed} done." if done else f"You need {needed} days."


def baseline_done(mean: float, unit: ExerciseUnit | str) -> str:
    return f"Your starting point is about {amount(max(1, round(mean)), unit)} a day."


def flare_today(target: int, unit: ExerciseUnit | str) -> str:
    """On a day the check-in says "flare": the one flare rule, with the target to go back to."""
    return (
        "You said you are having a flare today. Use the scale-down from your flare plan. "
        f"Then go back to {amount(target, unit)} when the flare settles."
    )


def less_than(target: int) -> str:
    return f"You chose less than planned. Please give a number under {target}."


def more_than(target: int) -> str:
    return f"You chose more than planned. Please give a number over {target}."


# --- The flare plan -----------------------------------------------------------------------------

FLARE_TITLE = "My flare plan"
FLARE_INTRO = (
    "A flare is a time when pain is worse for a while. It is not damage, and it settles. "
    "Write your plan on a calmer day, so it is ready when you need it. "
    "Your care team can see it."
)
NOT_A_FLARE = (
    "If something feels new or different, it may not be a flare. "
    "Check the warning signs on Today, and get help if you need it."
)
FLARE_PROMPTS = {
    "helps": (
        "What helps me in a flare",
        "For example: a warm shower, a short rest, slow breathing.",
    ),
    "tell": ("Whom I tell", "For example: my partner, so they can help with chores for a day."),
    "scale_down": (
        "How I scale down",
        "For example: I do half of my usual amounts for one or two days.",
    ),
    "build_up": (
        "How I build back up",
        "For example: I add a little each day until I am back at my level.",
    ),
}
FLARE_SAVE = "Save my flare plan"
FLARE_SAVED = "Your flare plan is saved."
FLARE_NOW_TITLE = "Your flare plan"
FLARE_NONE_YET = "You have not written a flare plan yet. For now, this is what to do:"
FLARE_WRITE = "Write my flare plan"
FLARE_EDIT = "Change my flare plan"
FLARE_EMPTY = "Please write at least one part of your plan."


# --- Progress -----------------------------------------------------------------------------------

PROGRESS_TITLE = "Movement"
PROGRESS_NONE = "Choose your exercises on the Move page. Your levels will show here."


def progress_line(name: str, first: int, now: int, unit: ExerciseUnit | str) -> str:
    """Own change, and nothing discouraging: a lower level is shown without a comparison."""
    if now > first:
        return f"**{name}:** you started at {amount(first, unit)}. Now: {amount(now, unit)}."
    return f"**{name}:** now {amount(now, unit)}."


def days_logged(days: int) -> str:
    return f"You have logged your movement on {days} day{'s' if days != 1 else ''}."


def days_on_plan(days: int) -> str:
    return f"You kept to your plan on {days} day{'s' if days != 1 else ''}."


def _unit(*texts: str) -> str:
    """Texts read together (a title and what follows it, a question and its answers)."""
    return " ".join(text if text.endswith((".", "?", ":")) else f"{text}." for text in texts)


# Reading units, as the screens show them: a heading is read with the text under it, a question
# with its answers (a grade for one word alone means nothing).
PATIENT_TEXTS: tuple[str, ...] = (
    _unit(MOVE_TITLE, MOVE_INTRO),
    STOP_CALL,
    NOT_SET_UP,
    _unit(PAUSED_TITLE, PAUSED_TEXT),
    MAINTENANCE_TEXT,
    _unit(TODAY_TITLE, f"{TARGET_LABEL}: {amount(8, 'minutes')}"),
    _unit(CHOOSE_TITLE, CHOOSE_HINT),
    _unit(CHOOSE_LABEL, CHOOSE_SAVE, CHOOSE_SAVED),
    _unit(CHANGE_TITLE, NONE_CHOSEN),
    _unit(f"{TARGET_LABEL}: {amount(8, 'minutes')}", HOW_TO, EASIER, "Sit down for the pauses."),
    _unit(BASELINE_TITLE, BASELINE_TEXT, BASELINE_SAVE, BASELINE_SAVED),
    BASELINE_TODAY_DONE,
    WAITING_TEXT,
    _unit(LOG_RESULT, *RESULT_LABELS.values()),
    _unit(LOG_FELT, *FEELING_LABELS.values(), LOG_SAVE),
    LOGGED_TODAY,
    _unit(FLARE_LINK, MOVE_LINK),
    *AFTER.values(),
    AFTER_HARD,
    baseline_question("minutes"),
    amount_question("reps"),
    baseline_progress(2, 3),
    baseline_progress(0, 3),
    baseline_done(9.4, "minutes"),
    flare_today(8, "minutes"),
    less_than(8),
    more_than(8),
    _unit(FLARE_TITLE, FLARE_INTRO),
    FLARE_RULE,
    NOT_A_FLARE,
    *(_unit(*pair) for pair in FLARE_PROMPTS.values()),
    _unit(FLARE_SAVE, FLARE_SAVED),
    _unit(FLARE_NOW_TITLE, FLARE_NONE_YET),
    _unit(FLARE_WRITE, FLARE_EDIT),
    FLARE_EMPTY,
    _unit(PROGRESS_TITLE, PROGRESS_NONE),
    progress_line("Easy walk", 8, 10, "minutes"),
    progress_line("Stairs", 4, 4, "reps"),
    days_logged(9),
    days_on_plan(1),
)

KIND_LABELS = {"walking": "Walking", "mobility": "Gentle moves", "strength": "Strength"}


def try_range(low: int, high: int, unit: ExerciseUnit | str) -> str:
    return f"A safe amount to try: {low} to {amount(high, unit)}."


PATIENT_TEXTS += (
    _unit(*KIND_LABELS.values()),
    try_range(5, 15, "minutes"),
    try_range(3, 8, "reps"),
)
