"""Escalation deadlines in WORKING hours: the clinic's opening hours and time zone, across nights,
weekends and clock changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from program.clinic_hours import parse_hours
from program.defaults import ALERT_DEFAULTS
from program.escalation import escalation_deadline

EASTERN = "America/New_York"
# The demo clinic: Mon-Fri 8-5, Sat 9-12, closed Sunday (Eastern time).
CLINIC = parse_hours(
    {day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    | {"sat": [["09:00", "12:00"]]}
)
WEEKDAYS_ONLY = parse_hours(
    {day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
)
LUNCH_BREAK = parse_hours({"wed": [["08:00", "12:00"], ["13:00", "17:00"]]})
ALL_DAY = parse_hours(
    {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
)


def eastern(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(EASTERN))


def deadline(start: datetime, hours=CLINIC, tz: str = EASTERN, **kw) -> datetime:
    return escalation_deadline(start, hours, tz, **kw)


def test_it_escalates_four_hours_later_inside_opening_hours_by_default():
    assert ALERT_DEFAULTS.escalation_working_hours == 4
    assert deadline(eastern(2026, 3, 18, 9, 0)) == eastern(2026, 3, 18, 13, 0)


def test_it_does_not_count_the_night():
    # Wednesday 4 pm: one hour that day, three more from 8 am on Thursday.
    assert deadline(eastern(2026, 3, 18, 16, 0)) == eastern(2026, 3, 19, 11, 0)


def test_it_starts_counting_when_the_clinic_opens():
    assert deadline(eastern(2026, 3, 18, 3, 0)) == eastern(2026, 3, 18, 12, 0)
    # Opened the minute the clinic closed: nothing counts until tomorrow.
    assert deadline(eastern(2026, 3, 18, 17, 0)) == eastern(2026, 3, 19, 12, 0)


def test_it_does_not_count_the_weekend_and_uses_saturday_morning():
    # Friday 4:30 pm: half an hour Friday, Saturday 9-12 (3 hours), the last half hour on Monday.
    assert deadline(eastern(2026, 3, 20, 16, 30)) == eastern(2026, 3, 23, 8, 30)
    # Saturday 1 pm, after Saturday's opening: nothing on Sunday, Monday 8 to 12.
    assert deadline(eastern(2026, 3, 21, 13, 0)) == eastern(2026, 3, 23, 12, 0)
    assert deadline(eastern(2026, 3, 20, 16, 0), WEEKDAYS_ONLY) == eastern(2026, 3, 23, 11, 0)


def test_it_skips_a_lunch_break():
    assert deadline(eastern(2026, 3, 18, 10, 0), LUNCH_BREAK) == eastern(2026, 3, 18, 15, 0)


def test_it_counts_the_clinics_own_hours_over_a_weekend_when_the_clocks_go_forward():
    # Friday 6 March 2026, 3 pm EST (20:00 UTC): two hours on Friday. On Sunday 8 March the US
    # clocks went forward, so Monday 8 am is 12:00 UTC (not 13:00): the deadline is 10 am EDT.
    start = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)
    assert deadline(start, WEEKDAYS_ONLY) == eastern(2026, 3, 9, 10, 0)
    assert deadline(start, WEEKDAYS_ONLY) == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_it_counts_the_real_hours_of_the_night_the_clocks_go_forward():
    # Open around the clock; on Sunday 8 March 2026 2 am does not exist. Saturday 10 pm + 1h59
    # that day, then 2h01 of real time from midnight: 3:01 am EDT, not 2:01.
    assert deadline(eastern(2026, 3, 7, 22, 0), ALL_DAY) == eastern(2026, 3, 8, 3, 1)


def test_it_counts_the_real_hours_of_the_night_the_clocks_go_back():
    # On Sunday 1 November 2026, 1-2 am happens twice: 2h01 after midnight EDT is 1:01 am EST.
    got = deadline(eastern(2026, 10, 31, 22, 0), ALL_DAY)
    assert got == datetime(2026, 11, 1, 6, 1, tzinfo=UTC)
    assert got.astimezone(ZoneInfo(EASTERN)).utcoffset() == timedelta(hours=-5)


def test_it_uses_the_clinics_time_zone_not_utc():
    london = parse_hours({"wed": [["09:00", "17:00"]], "thu": [["09:00", "17:00"]]})
    # 4 pm in London on Wednesday 18 March 2026 (GMT): one hour, then Thursday 9 to 12.
    start = datetime(2026, 3, 18, 16, 0, tzinfo=UTC)
    assert deadline(start, london, "Europe/London") == datetime(2026, 3, 19, 12, 0, tzinfo=UTC)


def test_it_counts_clock_hours_for_a_clinic_without_opening_hours():
    start = eastern(2026, 3, 21, 23, 0)
    assert deadline(start, {}) == start + timedelta(hours=4)


def test_it_takes_another_number_of_working_hours():
    assert deadline(eastern(2026, 3, 18, 9, 0), working_hours=1.5) == eastern(2026, 3, 18, 10, 30)


def test_it_refuses_a_time_without_a_zone():
    with pytest.raises(ValueError):
        deadline(datetime(2026, 3, 18, 9, 0))


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.floats(min_value=0.25, max_value=40),
)
def test_it_never_escalates_before_as_many_clock_hours_and_always_inside_opening_hours(
    moment, working_hours
):
    start = moment.replace(tzinfo=UTC)
    got = deadline(start, CLINIC, working_hours=working_hours)
    assert got >= start + timedelta(hours=working_hours) - timedelta(microseconds=1)
    local = got.astimezone(ZoneInfo(EASTERN))
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[local.weekday()]
    assert any(i.opens <= local.time() <= i.closes for i in CLINIC[day])
    later = deadline(start + timedelta(hours=1), CLINIC, working_hours=working_hours)
    assert later >= got
