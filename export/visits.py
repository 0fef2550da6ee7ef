"""A booked follow-up visit as an iCalendar file (RFC 5545, with the ``icalendar`` library).

Pure: a ``CalendarVisit`` in, bytes out. The event starts at the visit's local time in its IANA
time zone (``DTSTART;TZID=...`` with the matching VTIMEZONE, so phones get daylight saving
right), keeps the visit's UID for good (a moved visit replaces the event in the calendar because
its SEQUENCE is higher), and holds no health details in any field: no rule, symptom, score, note,
clinician or program name. A cancelled visit gives ``STATUS:CANCELLED``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from program import follow_up_wording as fw
from program.vocabulary import VisitModality

PRODID = "-//Recalibrate//Follow-up visit//EN"


@dataclass(frozen=True)
class CalendarVisit:
    uid: str
    sequence: int
    local_date: date
    local_time: time
    timezone: str  # IANA
    minutes: int
    modality: str  # VisitModality
    stamp: datetime  # aware: when the file is made (DTSTAMP)
    cancelled: bool = False
    clinic_phone: str | None = None
    clinic_address: str | None = None  # for a visit at the clinic


def visit_calendar(visit: CalendarVisit) -> bytes:
    """The visit as one VEVENT (with its VTIMEZONE) in a VCALENDAR, ready to download."""
    zone = ZoneInfo(visit.timezone)
    start = datetime.combine(visit.local_date, visit.local_time.replace(tzinfo=None), tzinfo=zone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # PUBLISH for both: CANCEL is an iTIP message that needs an ORGANIZER and ATTENDEEs, which
    # would put names in the file. A cancelled visit is the same UID, a higher SEQUENCE and
    # STATUS:CANCELLED.
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", visit.uid)
    event.add("sequence", visit.sequence)
    event.add("dtstamp", visit.stamp)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=visit.minutes))
    event.add("summary", fw.ICS_SUMMARY)
    event.add("status", "CANCELLED" if visit.cancelled else "CONFIRMED")
    if visit.modality == VisitModality.IN_PERSON and visit.clinic_address:
        event.add("location", visit.clinic_address)
    elif visit.modality == VisitModality.TELEHEALTH:
        event.add("location", fw.ICS_TELEHEALTH)
    event.add("description", fw.ics_description(visit.clinic_phone))
    event.add("class", "PRIVATE")
    # The zone's rules for the visit's year and the next (not 1970-2038): a short file.
    year = visit.local_date.year
    if visit.timezone != "UTC":  # a UTC time is written with a Z and needs no VTIMEZONE
        cal.add_component(
            Timezone.from_tzid(
                visit.timezone, first_date=date(year, 1, 1), last_date=date(year + 1, 12, 31)
            )
        )
    cal.add_component(event)
    return cal.to_ical()


def calendar_file_name(visit: CalendarVisit) -> str:
    """``visit-2026-03-23.ics``: a name that says nothing but the day."""
    return f"visit-{visit.local_date.isoformat()}.ics"
