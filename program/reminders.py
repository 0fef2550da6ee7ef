"""The daily reminder's schedule: the chosen time of day, and the days it repeats on.

Pure. The reminder repeats every day until the program's last day; after week 12, or while that
day is not known yet (the baseline week, a pause without an end date), it repeats for
``DEFAULTS.reminder_repeat_days`` from the day it is made, and the patient can make a new one.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from program.defaults import DEFAULTS

DEFAULT_TIME = time(19, 0)  # a suggestion only: the patient picks their own time


def minute_of_day(at: time) -> int:
    return at.hour * 60 + at.minute


def time_of_day(minutes: int) -> time:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes < 24 * 60:
        raise ValueError("Please choose a time of day.")
    return time(minutes // 60, minutes % 60)


def reminder_days(
    today: date, program_end: date | None, *, repeat_days: int = DEFAULTS.reminder_repeat_days
) -> tuple[date, date]:
    """(first day, last day) of a reminder made on ``today``."""
    if program_end is not None and program_end >= today:
        return today, program_end
    return today, today + timedelta(days=repeat_days - 1)
