"""The daily reminder .ics: it parses back, repeats daily in the patient's own time zone across a
clock change, ends with the program, keeps one UID per patient and says nothing about health."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from export.reminders import DESCRIPTION, SUMMARY, Reminder, reminder_ics, uid

STAMP = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
NEW_YORK = Reminder("9f1c0d6a2b7e4c58a1d3e5f70b2c4d6e", "America/New_York", time(9, 0),
                    date(2026, 3, 2), date(2026, 5, 24))  # fmt: skip


def parsed(reminder: Reminder = NEW_YORK, stamp: datetime = STAMP) -> Calendar:
    return Calendar.from_ical(reminder_ics(reminder, stamp=stamp))


def event(calendar: Calendar):
    (only,) = calendar.walk("VEVENT")
    return only


def occurrences(calendar: Calendar) -> list[datetime]:
    found = event(calendar)
    start = found.decoded("dtstart")
    rule = found["rrule"].to_ical().decode()
    return list(rrulestr(rule, dtstart=start))


def test_it_parses_back_as_one_daily_event_with_a_reminder_alarm():
    calendar = parsed()
    assert calendar["version"] == "2.0" and calendar["prodid"]
    found = event(calendar)
    assert found["rrule"]["FREQ"] == ["DAILY"]
    assert str(found["summary"]) == SUMMARY
    (alarm,) = found.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(0)


def test_it_rings_at_the_chosen_local_time_on_both_sides_of_the_clock_change():
    times = {d.date(): d for d in occurrences(parsed())}
    before, after = times[date(2026, 3, 7)], times[date(2026, 3, 9)]  # DST starts 8 March 2026
    assert before.timetz().replace(tzinfo=None) == after.timetz().replace(tzinfo=None) == time(9)
    assert before.astimezone(UTC).hour == 14 and after.astimezone(UTC).hour == 13
    assert str(event(parsed())["dtstart"].params["TZID"]) == "America/New_York"


def test_it_carries_the_time_zone_it_names_with_both_offsets():
    calendar = parsed()
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "America/New_York"
    offsets = {part.decoded("tzoffsetto") for part in zone.subcomponents}
    assert offsets == {timedelta(hours=-5), timedelta(hours=-4)}
    assert calendar.get_missing_tzids() == set()


def test_it_repeats_every_day_from_the_first_to_the_last_day_of_the_program():
    days = [d.date() for d in occurrences(parsed())]
    assert days[0] == date(2026, 3, 2) and days[-1] == date(2026, 5, 24)
    assert len(days) == (date(2026, 5, 24) - date(2026, 3, 2)).days + 1


def test_it_works_for_a_zone_on_the_other_side_of_the_date_line():
    auckland = Reminder("ab" * 16, "Pacific/Auckland", time(7, 30), date(2026, 4, 1),
                        date(2026, 4, 10))  # fmt: skip
    days = occurrences(parsed(auckland))
    # New Zealand's clocks go back on 5 April 2026: still 07:30 on the wall clock.
    assert {d.astimezone(ZoneInfo("Pacific/Auckland")).time() for d in days} == {time(7, 30)}
    assert days[0].astimezone(UTC).date() == date(2026, 3, 31)


def test_it_keeps_the_same_uid_on_every_download():
    first = event(parsed(stamp=STAMP))
    later = event(parsed(replace(NEW_YORK, at=time(20, 15)), stamp=STAMP + timedelta(days=9)))
    assert str(first["uid"]) == str(later["uid"]) == uid(NEW_YORK.token)


def test_it_puts_no_health_detail_and_nothing_about_the_person_in_any_field():
    text = reminder_ics(NEW_YORK, stamp=STAMP).decode().lower()
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    for word in ("pain", "flare", "medic", "health", "clinic", "check-in", "mood", "sleep",
                 "patient", "doctor", "therapy", "ana", "@example"):  # fmt: skip
        assert word not in unfolded.replace("recalibrate", ""), word
    for field in ("attendee", "organizer", "location", "url", "contact", "geo"):
        assert f"\n{field}" not in unfolded, field
    assert str(event(parsed())["description"]) == DESCRIPTION


def test_it_refuses_a_last_day_before_the_first_or_a_naive_stamp():
    with pytest.raises(ValueError, match="last day"):
        reminder_ics(Reminder("ab" * 16, "UTC", time(9), date(2026, 3, 2), date(2026, 3, 1)),
                     stamp=STAMP)  # fmt: skip
    with pytest.raises(ValueError, match="aware"):
        reminder_ics(NEW_YORK, stamp=datetime(2026, 3, 2, 15, 0))
