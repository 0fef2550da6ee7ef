"""What a patient reads about follow-ups: the prompt, the request form, its states, the visit, and
"Why your plan changed". Plain (grade 8 or below, tests/program/test_follow_up_wording.py), kind,
never a verdict on the patient. The rule's own explanation comes from program.rules.
"""

from __future__ import annotations

from datetime import date, time

from program.vocabulary import FollowUpStatus, PlanEventKind, VisitModality

# --- the prompt on Today -------------------------------------------------------------------------
PROMPT_TITLE = "Your care team would like to hear from you"
ACT_NOW_INTRO = "If this is still going on, or it comes back, please do this now:"
ALSO_ASK = "When you are safe, you can also ask for a visit with your care team."
SCHEDULE = "Schedule a follow-up"
NOT_NOW = "Not now"
SEE_FOLLOW_UP = "See your follow-up"
SEE_WHY = "See why your plan changed"
MORE_PROMPTS = "There is more your care team would like to hear about:"


def not_now_done(days: int) -> str:
    return (
        f"All right. We will ask again in {days} days. "
        "You can ask for a follow-up at any time from Get help."
    )


# --- states of a request -------------------------------------------------------------------------
STATUS_WORDS = {
    FollowUpStatus.REQUESTED: "Asked for",
    FollowUpStatus.SCHEDULED: "Booked",
    FollowUpStatus.COMPLETED: "Done",
    FollowUpStatus.CANCELLED: "Cancelled",
}
MODALITY_WORDS = {
    VisitModality.TELEHEALTH: "By video or phone",
    VisitModality.IN_PERSON: "At the clinic",
}


def day_text(day: date) -> str:
    """``Monday, March 23``."""
    return f"{day:%A}, {day:%B} {day.day}"


def time_text(at: time) -> str:
    """``10:30 am``."""
    return f"{at.hour % 12 or 12}:{at.minute:02d} {'am' if at.hour < 12 else 'pm'}"


def requested_line(asked_on: date) -> str:
    return (
        f"You asked for a follow-up on {day_text(asked_on)}. "
        "Your care team will get in touch to find a time."
    )


def scheduled_line(day: date, at: time, modality: str) -> str:
    how = "by video or phone" if modality == VisitModality.TELEHEALTH else "at the clinic"
    return f"Your follow-up visit is on {day_text(day)} at {time_text(at)}, {how}."


def with_clinician(name: str) -> str:
    return f"You will see {name}."


def completed_line(day: date) -> str:
    return f"You had a follow-up visit on {day_text(day)}. Thank you for taking the time."


def cancelled_line(day: date, by_you: bool) -> str:
    who = "You cancelled" if by_you else "Your care team cancelled"
    return f"{who} this follow-up on {day_text(day)}."


# --- the follow-up page --------------------------------------------------------------------------
PAGE_TITLE = "Follow-up visit"
INTRO = (
    "A follow-up is a visit with your care team, by video or phone or at the clinic. "
    "You can ask for one at any time."
)
ASKING_ABOUT = "You are asking about this:"
ASKED_ABOUT = "You asked about this:"
MODALITY_QUESTION = "How would you like to meet?"
WINDOWS_QUESTION = "When suits you best? You can choose up to three times."
YOUR_TIMES = "Times that suit you:"
WINDOW_PLACEHOLDER = "Choose a day and time"
NOTE_QUESTION = "Anything you would like your care team to know first? (You can leave this blank.)"
SEND = "Ask for a follow-up"
SENT = "Thank you. Your care team has your request. They will get in touch to find a time."
WAIT_NOTE = "If you need help before then, call your clinic. In an emergency, call 911."
ONE_AT_A_TIME = "You already have a follow-up on the way. You can see it below."
ADD_TO_CALENDAR = "Add to my calendar"
CALENDAR_NOTE = "The calendar file has only the date and time, not any health details."
CANCEL_TITLE = "Cancel this follow-up"
CANCEL_QUESTION = "Why are you cancelling?"
CANCEL_REASONS = (
    "I am feeling better",
    "The time does not suit me",
    "I will call the clinic instead",
    "Another reason",
)
CANCEL_NOTE = "Anything else you want to tell us? (You can leave this blank.)"
CANCEL_BUTTON = "Cancel the follow-up"
CANCELLED = "Your follow-up is cancelled. You can ask for a new one at any time."
CANCEL_CALENDAR = "Remove it from my calendar"
WHY_HEADING = "Why your plan changed"
WHAT_CHANGED = "What changed in your plan:"
EARLIER = "Earlier follow-ups"
NOT_SENT = "Sorry, that did not go through. Please try again, or call your clinic."

# --- the calendar file (.ics): no health details in any field ------------------------------------
ICS_SUMMARY = "Visit with your care team"
ICS_TELEHEALTH = "By video or phone. Your care team will send you the details."


def ics_description(clinic_phone: str | None) -> str:
    call = f" call {clinic_phone}" if clinic_phone else " call your clinic"
    return f"To change or cancel this visit,{call}."


def plan_change_line(kind: str, module_title: str | None, until: date | None) -> str:
    """One plain line for the plan change a visit made (its reason is shown with it)."""
    lesson = f'the lesson "{module_title}"' if module_title else "a lesson"
    if kind == PlanEventKind.PAUSE:
        return (
            f"Your program is paused until {day_text(until)}."
            if until
            else ("Your program is paused for now.")
        )
    lines = {
        PlanEventKind.RESUME: "Your program is going again.",
        PlanEventKind.HOLD: f"We put {lesson} on hold for now.",
        PlanEventKind.RELEASE: f"You can do {lesson} again.",
        PlanEventKind.UNLOCK: f"You can open {lesson} early.",
        PlanEventKind.SKIP: f"You can skip {lesson}.",
    }
    return lines.get(kind, "Your plan has changed.")
