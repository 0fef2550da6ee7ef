"""When an unacknowledged emergency or urgent flag escalates: after N WORKING hours.

Working hours are the clinic's structured opening hours (program/clinic_hours.py) in its own time
zone: a flag opened on Friday evening starts counting when the clinic opens on Monday, and the
hour lost or gained when clocks change is counted as the real hour it is. A clinic with no opening
hours at all counts every clock hour, so an alert never waits for an opening that never comes.
Pure Python: no Streamlit, no database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from program.clinic_hours import WEEKDAYS, Hours
from program.defaults import ALERT_DEFAULTS

# A clinic open at all is open at least once a week; this bounds the search (a year of days).
MAX_DAYS = 370


def _instant(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time at the clinic on ``day`` as a UTC instant (arithmetic is done in UTC:
    Python ignores offsets when subtracting two times of the same zone)."""
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def escalation_deadline(
    start: datetime,
    hours: Hours,
    tz: str,
    *,
    working_hours: float = ALERT_DEFAULTS.escalation_working_hours,
) -> datetime:
    """The UTC instant at which ``working_hours`` of the clinic's opening time have passed since
    ``start`` (when the flag was opened or reopened)."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    remaining = timedelta(hours=working_hours)
    start = start.astimezone(UTC)
    if remaining <= timedelta(0):
        return start
    if not any(hours.get(day) for day in WEEKDAYS):
        return start + remaining  # no opening hours set: clock hours
    zone = ZoneInfo(tz)
    day = start.astimezone(zone).date()
    for ahead in range(MAX_DAYS):
        today = day + timedelta(days=ahead)
        for interval in hours.get(WEEKDAYS[today.weekday()], ()):
            opens = _instant(today, interval.opens, zone)
            closes = _instant(today, interval.closes, zone)
            begin = max(opens, start)
            if closes <= begin:
                continue
            if closes - begin >= remaining:
                return begin + remaining
            remaining -= closes - begin
    raise ValueError("the opening hours never add up to the escalation time")
