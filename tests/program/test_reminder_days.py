"""The daily reminder repeats until the program's last day, or for 12 weeks when that day has
passed or is not known yet; the chosen time is kept as minutes after midnight."""

from datetime import date, time

import pytest

from program.reminders import minute_of_day, reminder_days, time_of_day


def test_it_repeats_until_the_last_day_of_the_program():
    assert reminder_days(date(2026, 3, 20), date(2026, 5, 24)) == (
        date(2026, 3, 20),
        date(2026, 5, 24),
    )


def test_it_repeats_for_twelve_weeks_after_the_program_or_when_the_end_is_not_known():
    after = reminder_days(date(2026, 6, 1), date(2026, 5, 24))
    unknown = reminder_days(date(2026, 6, 1), None)
    assert after == unknown == (date(2026, 6, 1), date(2026, 8, 23))
    assert reminder_days(date(2026, 6, 1), None, repeat_days=7)[1] == date(2026, 6, 7)


def test_it_keeps_the_time_of_day_as_minutes_after_midnight():
    assert minute_of_day(time(19, 0)) == 1140 and time_of_day(1140) == time(19, 0)
    assert time_of_day(0) == time(0, 0) and time_of_day(1439) == time(23, 59)
    for bad in (-1, 1440, 7.5, True, None):
        with pytest.raises(ValueError, match="time of day"):
            time_of_day(bad)
