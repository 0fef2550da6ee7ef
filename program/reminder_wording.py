"""What the patient reads on the Reminder page: picking a time, adding the reminder to a phone's
calendar, and later removing it (a calendar app ignores a downloaded cancellation, so the steps
say how to delete it by hand).

Pure. The steps name the buttons of the phones' own calendar apps; they may differ a little from
one phone to the next, so they say what to look for.
"""

from __future__ import annotations

from datetime import date

from program.pause_wording import day_label

PAGE_TITLE = "A reminder each day"
INTRO = (
    "A reminder in your phone's calendar can help you come back each day. "
    "Pick a time that suits you. The reminder only says "
    "“Recalibrate: a few minutes for you”, so nobody who sees your phone learns anything "
    "about your health."
)
TIME_LABEL = "What time of day suits you?"
MAKE_BUTTON = "Make my reminder"
SAVED = "Your reminder is ready. Download it, then add it to your calendar."
DOWNLOAD = "Get my reminder"
NOT_ENROLLED = "Your program has not been set up yet, so a reminder is not ready yet."
CHANGE_TIME = (
    "To change the time, delete the old reminder from your calendar first (steps below). "
    "Then pick a new time here and download it again."
)

ADD_TITLE = "How to add it to your calendar"
IPHONE_TITLE = "On an iPhone"
IPHONE_ADD = (
    "Tap “Get my reminder”.",
    "Your phone shows the reminder. Tap “Add All” or “Add to Calendar”.",
    "Pick the calendar you use, then tap “Done”.",
)
ANDROID_TITLE = "On an Android phone"
ANDROID_ADD = (
    "Tap “Get my reminder”.",
    "Open the file from the notice at the top of your screen, or from your Files app.",
    "Pick your calendar app, such as Google Calendar or Samsung Calendar. Then tap “Save” or "
    "“Import”.",
    "If your phone cannot open it, use a computer. Open Google Calendar, go to Settings, then "
    "Import.",
)
DELETE_TITLE = "How to delete it later"
DELETE_WHY = (
    "Once the reminder is in your calendar, this app cannot take it out again. Only you can "
    "delete it there. Here is how."
)
IPHONE_DELETE = (
    "Open the Calendar app and tap one of the reminders.",
    "Tap “Delete Event” at the bottom.",
    "Tap “Delete All Future Events” to stop them all.",
)
ANDROID_DELETE = (
    "Open your calendar app and tap one of the reminders.",
    "Tap the trash can, or the menu and then “Delete”.",
    "Choose “All events” or “This and following events” to stop them all.",
)

PAUSED_TITLE = "Your program is paused"
PAUSED = (
    "Your calendar does not know about the pause, so the reminder keeps coming. "
    "You can simply ignore it. Or delete it (steps below) and make a new one when you start "
    "again."
)


def time_text(at: str) -> str:
    return f"Your reminder is set for {at} each day."


def until_text(last_day: date) -> str:
    return (
        f"It repeats every day until {day_label(last_day)}, {last_day.year}. "
        "After that, you can make a new one."
    )


PATIENT_TEXTS: tuple[str, ...] = (
    PAGE_TITLE,
    INTRO,
    TIME_LABEL,
    MAKE_BUTTON,
    SAVED,
    DOWNLOAD,
    NOT_ENROLLED,
    CHANGE_TIME,
    ADD_TITLE,
    IPHONE_TITLE,
    *IPHONE_ADD,
    ANDROID_TITLE,
    *ANDROID_ADD,
    DELETE_TITLE,
    DELETE_WHY,
    *IPHONE_DELETE,
    *ANDROID_DELETE,
    PAUSED_TITLE,
    PAUSED,
    time_text("7:00 PM"),
    until_text(date(2026, 5, 24)),
)
