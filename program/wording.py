"""What Today, Learn and Progress say to patients, in one place so every sentence is tested.

Pure: no Streamlit, no database. Plain and warm; "still open", never "missed" or "overdue".
(Progress wording lives with its numbers in program.analytics.)
"""

from __future__ import annotations

# --- Today ------------------------------------------------------------------------------------

NOT_SET_UP = (
    "Your program has not been set up yet. Your care team will let you know when it starts."
)
STARTS_SOON = "Your program starts soon. You can still do a daily check-in."
SETTING_UP = "Your first week is for getting set up. Here are your first steps."
FINISHED_TITLE = "You have finished the 12 weeks. Well done!"
FINISHED_TEXT = (
    "A lighter plan keeps going from here, to help you keep what you have built. "
    "Your care team still sees your check-ins and answers."
)
CHECK_IN_TITLE = "Daily check-in"
TODAY_STEPS = "Today's steps"
# Said on any day, flare days too: no cheer that a patient in pain would read as a brush-off.
NOTHING_DUE = "Nothing is due today. Go gently, and do what helps you."
NOTHING_NEW = "Nothing new is due today."
ALL_DONE = "You have done everything for today. Well done!"
STILL_OPEN = "Still open from this week"
STILL_OPEN_TEXT = "No rush. You can do these on any day this week."
DONE = "Done"
NOT_DONE = "Not done yet"
OPEN_LESSON = "Read the lesson"
START_QUESTIONS = "Start"
CARRY_ON_QUESTIONS = "Carry on"
QUESTIONS_LATER = "You can answer these soon."


def later_this_week(titles: list[str]) -> str:
    """A quiet look ahead at the week's next lessons."""
    return "Later this week: " + ", ".join(titles) + "."


def held_text(title: str, reason: str) -> str:
    return f"Your care team paused “{title}” because: {reason}"


def skipped_text(title: str, reason: str) -> str:
    return f"Your care team took “{title}” out of your plan for now: {reason}"


# --- Learn ------------------------------------------------------------------------------------

LEARN_TITLE = "Learn"
LEARN_INTRO = "Short lessons about how pain works, and how to help it settle."
LESSONS_START = "Your lessons start in week 1, once your first steps are done."
LEARN_PAUSED = "Your program is paused. You can still read any lesson that is open."
THIS_WEEK = "This week"
OPENED_EARLY = "Opened early for you"
EARLIER_WEEKS = "Past weeks"
ALL_LESSONS = "All your lessons"
COMING_NEXT = "Coming next week"
NO_LESSONS_YET = "There are no lessons to show yet."
BACK = "All lessons"
NOT_FOUND = "We could not find that lesson."
CHECK_TITLE = "Check what you learned"
CHECK_INTRO = "Two quick questions. There is no pass or fail."
CHECK_BUTTON = "Check my answers"
MARK_DONE = "Mark as done"
ANSWER_ALL = "Please answer both questions first."
MARKED_DONE = "Well done! This lesson is marked as done."
UPDATED = "This lesson has been updated since you read it. You can read it again when you like."


def minutes_text(minutes: int) -> str:
    return f"About {minutes} minutes"


def locked_text(week: int) -> str:
    return f"This lesson opens in week {week}."


def done_on_text(day_label: str) -> str:
    return f"You did this lesson on {day_label}. You can do it again at any time."


def check_result_text(correct: int | None, total: int | None) -> str:
    """The check result in kind words (a wrong answer is part of learning)."""
    if correct is None or not total:
        return ""
    if correct == total:
        return f"Check: {correct} of {total} right. Great!"
    return f"Check: {correct} of {total} right. You can look at it again any time."


# --- Progress (the sentences about the patient's numbers live in program.analytics) -----------

PROGRESS_TITLE = "Your progress"
PROGRESS_INTRO = "Your own change since your first week."
OUTCOMES = "How you are doing"
PAIN_TITLE = "Daily pain"
PAIN_CHART_HINT = "Dots are your daily check-ins. The line is your average over 7 days."
PEG_TITLE = "Weekly score"
PEG_HINT = "Your pain and how much it gets in the way of daily life, from 0 to 10."
PEG_CHART_HINT = "The dashed line is where you started."
GOALS_TITLE = "Your goals"
NO_GOALS = "Your goals will show here once you add them."
DONE_SO_FAR = "What you have done"
LESSONS_TITLE = "Lessons each week"
CHECK_INS_TITLE = "Check-ins each week"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def lessons_summary(total: int, this_week: int) -> str:
    return f"You have done {_count(total, 'lesson', 'lessons')} in all, {this_week} this week."


def check_ins_summary(total: int) -> str:
    return f"You have checked in {_count(total, 'time', 'times')} in all."


PATIENT_TEXTS: tuple[str, ...] = (
    NOT_SET_UP,
    STARTS_SOON,
    SETTING_UP,
    FINISHED_TITLE,
    FINISHED_TEXT,
    CHECK_IN_TITLE,
    TODAY_STEPS,
    NOTHING_DUE,
    NOTHING_NEW,
    ALL_DONE,
    STILL_OPEN,
    STILL_OPEN_TEXT,
    DONE,
    NOT_DONE,
    OPEN_LESSON,
    START_QUESTIONS,
    CARRY_ON_QUESTIONS,
    QUESTIONS_LATER,
    later_this_week(["Adding safety", "Small steps out"]),
    held_text("Adding safety", "We would like to talk with you first."),
    skipped_text("Adding safety", "We will cover this in clinic."),
    LEARN_TITLE,
    LEARN_INTRO,
    LESSONS_START,
    LEARN_PAUSED,
    THIS_WEEK,
    OPENED_EARLY,
    EARLIER_WEEKS,
    ALL_LESSONS,
    COMING_NEXT,
    NO_LESSONS_YET,
    BACK,
    NOT_FOUND,
    CHECK_TITLE,
    CHECK_INTRO,
    CHECK_BUTTON,
    MARK_DONE,
    ANSWER_ALL,
    MARKED_DONE,
    UPDATED,
    minutes_text(4),
    locked_text(5),
    done_on_text("March 18"),
    check_result_text(2, 2),
    check_result_text(1, 2),
    PROGRESS_TITLE,
    PROGRESS_INTRO,
    OUTCOMES,
    PAIN_TITLE,
    PAIN_CHART_HINT,
    PEG_TITLE,
    PEG_HINT,
    PEG_CHART_HINT,
    GOALS_TITLE,
    NO_GOALS,
    DONE_SO_FAR,
    LESSONS_TITLE,
    CHECK_INS_TITLE,
    lessons_summary(5, 1),
    lessons_summary(1, 0),
    check_ins_summary(14),
)


# --- Today: ticked warning signs sent on their own ---------------------------------------------

SEND_SIGNS = "Send to my care team"
SEND_SIGNS_HINT = "This sends the signs you ticked now. You can answer the other questions later."
SIGNS_SENT = (
    "**Sent. Your warning signs are saved.** Your care team will see them during clinic hours. "
    "Nobody is watching the app right now."
)
SIGNS_SENT_BEFORE = "You sent these warning signs to your care team today."
WHAT_TO_DO_NOW = "**What to do now:**"
SIGNS_NOT_SENT = (
    "**Your warning signs were NOT sent.** Something went wrong, and your care team has not "
    "been told. Please call your clinic now and tell them what is new. "
    "In an emergency, call 911. For thoughts of harming yourself, call or text 988."
)
SIGNS_NOT_SENT_YET = (
    'Your warning signs have not been sent yet. Press "Send to my care team" to send them now.'
)

PATIENT_TEXTS += (
    SEND_SIGNS,
    SEND_SIGNS_HINT,
    SIGNS_SENT,
    SIGNS_SENT_BEFORE,
    WHAT_TO_DO_NOW,
    SIGNS_NOT_SENT,
    SIGNS_NOT_SENT_YET,
)


# --- Today: the daily check-in, and the next step after a lesson --------------------------------

CHECK_IN_NOW = "Check in now"
CHECK_IN_ANCHOR = "daily-check-in"
CHECKED_IN_TODAY = "You checked in today. You can change your answers and save again."
PAIN_QUESTION = "How strong is your pain right now? (0 = no pain, 10 = worst you can imagine)"
CHECK_IN_SAVED = "Thank you. Your check-in is saved."
NEXT_LESSON = "Next lesson"
BACK_TO_TODAY = "Back to Today"
NEXT_STEP = "What next?"


def please_answer(missing: list[str]) -> str:
    """Questions left unanswered are asked for, never filled in for the patient."""
    return "Please answer: " + ", ".join(missing) + "."


PATIENT_TEXTS += (
    CHECK_IN_NOW,
    CHECKED_IN_TODAY,
    PAIN_QUESTION,
    CHECK_IN_SAVED,
    NEXT_LESSON,
    BACK_TO_TODAY,
    NEXT_STEP,
    please_answer(["pain", "sleep"]),
)
