"""The clinic's opening hours: validated, told in plain words, and "open now?" in its time zone.

Hours are stored as JSON, per weekday a list of ``["HH:MM", "HH:MM"]`` (opens, closes) in the
clinic's own IANA time zone; a weekday that is missing or empty is closed. Pure Python: no
Streamlit, no database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # datetime.weekday() order
SHORT = {
    "mon": "Mon",
    "tue": "Tue",
    "wed": "Wed",
    "thu": "Thu",
    "fri": "Fri",
    "sat": "Sat",
    "sun": "Sun",
}
LONG = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# Plain names patients know, for the zones of the USA; any other zone is named by its city.
ZONE_NAMES = {
    "America/New_York": "Eastern time",
    "America/Detroit": "Eastern time",
    "America/Indiana/Indianapolis": "Eastern time",
    "America/Kentucky/Louisville": "Eastern time",
    "America/Chicago": "Central time",
    "America/Denver": "Mountain time",
    "America/Boise": "Mountain time",
    "America/Phoenix": "Arizona time",
    "America/Los_Angeles": "Pacific time",
    "America/Anchorage": "Alaska time",
    "Pacific/Honolulu": "Hawaii time",
}


class HoursError(ValueError):
    """Opening hours a person can correct; the message says which day and how."""


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time


Hours = dict[str, tuple[Interval, ...]]


def _time(text: object, day: str) -> time:
    match = HHMM.match(str(text).strip()) if isinstance(text, str) else None
    if match is None:
        raise HoursError(
            f"{LONG[day]}: {text!r} is not a time. Use 24-hour HH:MM, like 08:00 or 17:30."
        )
    return time(int(match.group(1)), int(match.group(2)))


def parse_hours(raw: Mapping[str, Sequence[Sequence[str]]]) -> Hours:
    """Validate stored or submitted hours; raises HoursError with a plain message."""
    if not isinstance(raw, Mapping):
        raise HoursError("Opening hours must list the weekdays.")
    unknown = [str(day) for day in raw if day not in WEEKDAYS]
    if unknown:
        raise HoursError(
            f"Unknown weekday {', '.join(unknown)}. Use mon, tue, wed, thu, fri, sat, sun."
        )
    hours: Hours = {}
    for day in WEEKDAYS:
        intervals = []
        for pair in raw.get(day) or ():
            if isinstance(pair, str) or len(pair) != 2:
                raise HoursError(f"{LONG[day]}: give each opening as a start and an end time.")
            opens, closes = _time(pair[0], day), _time(pair[1], day)
            if opens >= closes:
                raise HoursError(
                    f"{LONG[day]}: the clinic must open before it closes "
                    f"({pair[0]} is not before {pair[1]})."
                )
            intervals.append(Interval(opens, closes))
        intervals.sort(key=lambda i: i.opens)
        for before, after in zip(intervals, intervals[1:], strict=False):
            if after.opens < before.closes:
                raise HoursError(f"{LONG[day]}: two opening times overlap.")
        hours[day] = tuple(intervals)
    return hours


def parse_day_text(day: str, text: str) -> list[list[str]]:
    """One weekday typed by an admin, like ``08:00-12:00, 13:00-17:00``; blank means closed."""
    pairs = []
    for part in (p.strip() for p in text.replace("–", "-").split(",")):
        if not part:
            continue
        if part.count("-") != 1:
            raise HoursError(
                f"{LONG[day]}: write each opening as start-end, like 08:00-17:00 "
                "(several separated by commas; leave blank when closed)."
            )
        opens, closes = (s.strip() for s in part.split("-"))
        pairs.append([opens, closes])
    return pairs


def day_text(hours: Hours, day: str) -> str:
    """The inverse of parse_day_text, to fill the admin's form."""
    return ", ".join(f"{i.opens:%H:%M}-{i.closes:%H:%M}" for i in hours.get(day, ()))


def to_json(hours: Hours) -> dict[str, list[list[str]]]:
    return {
        day: [[f"{i.opens:%H:%M}", f"{i.closes:%H:%M}"] for i in hours.get(day, ())]
        for day in WEEKDAYS
    }


def clock(t: time) -> str:
    """``8:00 am``, ``12:30 pm``: the way people read a time."""
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"


# The app's time zone when the clinic has not set its own yet (the Clinic row's default too).
DEFAULT_TIMEZONE = "America/New_York"


def clinic_time(moment: datetime, tz: str | None) -> str:
    """``Wed Mar 18, 11:00 am Eastern time``: a stored UTC moment as staff at the clinic read it."""
    zone = tz or DEFAULT_TIMEZONE
    try:
        info = ZoneInfo(zone)
    except (ValueError, KeyError, OSError):  # not found is a KeyError; too long an OSError
        zone, info = DEFAULT_TIMEZONE, ZoneInfo(DEFAULT_TIMEZONE)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    local = moment.astimezone(info)
    return f"{local:%a %b} {local.day}, {clock(local.time())} {zone_name(zone)}"


def zone_name(tz: str) -> str:
    """``Eastern time`` for America/New_York; ``London time`` for Europe/London."""
    return ZONE_NAMES.get(tz) or tz.rsplit("/", 1)[-1].replace("_", " ") + " time"


def _span(intervals: tuple[Interval, ...]) -> str:
    if not intervals:
        return "closed"
    return ", ".join(f"{clock(i.opens)} – {clock(i.closes)}" for i in intervals)


def describe_hours(hours: Hours) -> list[str]:
    """Lines like ``Mon–Fri 8:00 am – 5:00 pm``: runs of days with the same hours grouped."""
    lines: list[str] = []
    start = 0
    for end in range(1, len(WEEKDAYS) + 1):
        if end < len(WEEKDAYS) and hours.get(WEEKDAYS[end], ()) == hours.get(WEEKDAYS[start], ()):
            continue
        first, last = WEEKDAYS[start], WEEKDAYS[end - 1]
        days = SHORT[first] if first == last else f"{SHORT[first]}–{SHORT[last]}"
        lines.append(f"{days} {_span(hours.get(first, ()))}")
        start = end
    return lines


def next_opening(hours: Hours, tz: str, now: datetime) -> datetime | None:
    """When the clinic next opens after ``now``, in the clinic's zone; None if it never does."""
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        for interval in hours.get(WEEKDAYS[day.weekday()], ()):
            opens = datetime.combine(day, interval.opens, tzinfo=zone)
            if opens > now:
                return opens
    return None


def closes_at(hours: Hours, tz: str, now: datetime) -> time | None:
    """The closing time of the opening ``now`` falls in, or None when closed."""
    local = now.astimezone(ZoneInfo(tz))
    moment = local.time().replace(tzinfo=None)
    for interval in hours.get(WEEKDAYS[local.weekday()], ()):
        if interval.opens <= moment < interval.closes:
            return interval.closes
    return None


def status_line(hours: Hours, tz: str, now: datetime) -> str:
    """``Open now, until 5:00 pm (Eastern time).`` or ``Closed now. Opens Mon 8:00 am (...).``"""
    zone = zone_name(tz)
    if (closes := closes_at(hours, tz, now)) is not None:
        return f"Open now, until {clock(closes)} ({zone})."
    opens = next_opening(hours, tz, now)
    if opens is None:
        return "Closed now."
    today = now.astimezone(ZoneInfo(tz)).date()
    if opens.date() == today:
        when = "today"
    elif opens.date() == today + timedelta(days=1):
        when = "tomorrow"
    else:
        when = LONG[WEEKDAYS[opens.weekday()]]
    return f"Closed now. Opens {when} at {clock(opens.time())} ({zone})."
