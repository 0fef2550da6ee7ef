"""The daily reminder as an iCalendar file (RFC 5545): one event that repeats every day.

Pure: the caller passes the reminder's id, the patient's IANA time zone, the local time and the
first and last day; bytes come out. Phones add it with their own calendar app, so no app store and
no push service is needed. Nothing in it says anything about health: a calendar shows its text on a
lock screen, syncs it to other devices and shares it with whoever can see the calendar. So the
summary and description are fixed words, the UID is a random token (never derived from the
patient), and there is no attendee, organizer, location or link.

A calendar app ignores a downloaded cancellation, so the patient removes the reminder in their
calendar app (the page gives the steps); a second download carries the same UID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

PRODUCT_ID = "-//Recalibrate//Daily reminder//EN"
UID_DOMAIN = "reminder.recalibrate"
# What the phone shows. Deliberately says nothing about pain, health or a clinic.
SUMMARY = "Recalibrate: a few minutes for you"
DESCRIPTION = "A daily reminder you set up yourself. Open Recalibrate when you have a few minutes."
LENGTH = timedelta(minutes=10)
FILE_NAME = "recalibrate-reminder.ics"
MEDIA_TYPE = "text/calendar"


@dataclass(frozen=True)
class Reminder:
    token: str  # random, stored once per patient (db/models/reminders.py)
    timezone: str  # IANA name, e.g. America/New_York
    at: time  # local time of day
    first_day: date  # local date of the first reminder
    last_day: date  # local date of the last one


def uid(token: str) -> str:
    return f"{token}@{UID_DOMAIN}"


def reminder_ics(reminder: Reminder, *, stamp: datetime) -> bytes:
    """The ``.ics`` bytes for ``reminder``; ``stamp`` (aware) is when it was made (DTSTAMP)."""
    if reminder.last_day < reminder.first_day:
        raise ValueError("The reminder's last day is before its first day.")
    if stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime")
    zone = ZoneInfo(reminder.timezone)
    start = datetime.combine(reminder.first_day, reminder.at, tzinfo=zone)
    last = datetime.combine(reminder.last_day, reminder.at, tzinfo=zone)

    event = Event()
    event.add("uid", uid(reminder.token))
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", start)
    event.add("duration", LENGTH)
    # RFC 5545 3.3.10: with a local DTSTART and a time zone, UNTIL is given in UTC.
    event.add("rrule", {"FREQ": "DAILY", "UNTIL": last.astimezone(ZoneInfo("UTC"))})
    event.add("summary", SUMMARY)
    event.add("description", DESCRIPTION)
    event.add("class", "PRIVATE")
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy meeting

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", SUMMARY)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(
        Timezone.from_tzid(
            reminder.timezone,
            first_date=reminder.first_day - timedelta(days=1),
            last_date=reminder.last_day + timedelta(days=1),
        )
    )
    calendar.add_component(event)
    return calendar.to_ical()
