from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from program.clinic_hours import (
    HoursError,
    describe_hours,
    next_opening,
    parse_day_text,
    parse_hours,
    status_line,
    to_json,
    zone_name,
)
from program.phone import PhoneError, tel_uri

WEEKDAYS_8_TO_5 = parse_hours(
    {day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    | {"sat": [["09:00", "12:00"]]}
)
EASTERN = "America/New_York"


def eastern(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(EASTERN))


def is_open(hours, tz: str, now: datetime) -> bool:
    """Whether the status line a patient reads says the clinic is open."""
    return status_line(hours, tz, now).startswith("Open now")


def test_it_tells_the_hours_in_plain_words_with_the_clinics_time_zone():
    assert describe_hours(WEEKDAYS_8_TO_5) == [
        "Mon–Fri 8:00 am – 5:00 pm",
        "Sat 9:00 am – 12:00 pm",
        "Sun closed",
    ]
    assert zone_name(EASTERN) == "Eastern time"
    assert zone_name("Europe/London") == "London time"


def test_it_keeps_a_lunch_break_and_groups_only_days_with_the_same_hours():
    hours = parse_hours(
        {"mon": [["13:00", "17:00"], ["08:00", "12:00"]], "tue": [["08:00", "12:00"]]}
    )
    assert describe_hours(hours) == [
        "Mon 8:00 am – 12:00 pm, 1:00 pm – 5:00 pm",
        "Tue 8:00 am – 12:00 pm",
        "Wed–Sun closed",
    ]
    assert to_json(hours)["mon"] == [["08:00", "12:00"], ["13:00", "17:00"]]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"mon": [["8am", "17:00"]]}, "Monday: '8am' is not a time"),
        ({"tue": [["17:00", "08:00"]]}, "Tuesday: the clinic must open before it closes"),
        ({"wed": [["09:00", "09:00"]]}, "must open before it closes"),
        ({"thu": [["24:00", "25:00"]]}, "Thursday: '24:00' is not a time"),
        ({"fri": [["08:00", "12:00"], ["11:00", "17:00"]]}, "Friday: two opening times overlap"),
        ({"funday": [["08:00", "12:00"]]}, "Unknown weekday funday"),
        ({"sat": [["08:00"]]}, "Saturday: give each opening as a start and an end"),
    ],
)
def test_it_refuses_bad_hours_with_a_message_that_names_the_day(raw, words):
    with pytest.raises(HoursError, match=words):
        parse_hours(raw)


def test_it_reads_the_hours_an_admin_types_for_a_day():
    assert parse_day_text("mon", " 08:00-12:00, 13:00 – 17:00 ") == [
        ["08:00", "12:00"],
        ["13:00", "17:00"],
    ]
    assert parse_day_text("sun", "") == []
    with pytest.raises(HoursError, match="Monday: write each opening as start-end"):
        parse_day_text("mon", "8 to 5")


def test_it_knows_when_the_clinic_is_open_in_the_clinics_own_time():
    assert is_open(WEEKDAYS_8_TO_5, EASTERN, eastern(2026, 3, 18, 8, 0))  # Wednesday 8:00 am
    assert not is_open(WEEKDAYS_8_TO_5, EASTERN, eastern(2026, 3, 18, 17, 0))  # closes at 5
    assert not is_open(WEEKDAYS_8_TO_5, EASTERN, eastern(2026, 3, 22, 10, 0))  # Sunday


def test_it_answers_for_a_patient_in_another_time_zone_by_the_clinics_clock():
    # 6:30 am in Los Angeles is 9:30 am in Boston: open, though the patient's own clock says early.
    pacific = datetime(2026, 3, 18, 6, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert is_open(WEEKDAYS_8_TO_5, EASTERN, pacific)
    assert status_line(WEEKDAYS_8_TO_5, EASTERN, pacific) == (
        "Open now, until 5:00 pm (Eastern time)."
    )
    # 3:00 pm in Los Angeles on Friday is 6:00 pm in Boston: closed until Saturday morning.
    friday = datetime(2026, 3, 20, 15, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert not is_open(WEEKDAYS_8_TO_5, EASTERN, friday)
    assert status_line(WEEKDAYS_8_TO_5, EASTERN, friday) == (
        "Closed now. Opens tomorrow at 9:00 am (Eastern time)."
    )


def test_it_follows_daylight_saving_time_in_the_clinics_zone():
    # Clocks went forward on Sunday 2026-03-08: 8:00 am is 13:00 UTC before, 12:00 UTC after.
    assert is_open(WEEKDAYS_8_TO_5, EASTERN, datetime(2026, 3, 6, 13, 0, tzinfo=UTC))  # Fri EST
    assert not is_open(WEEKDAYS_8_TO_5, EASTERN, datetime(2026, 3, 6, 12, 30, tzinfo=UTC))
    assert is_open(WEEKDAYS_8_TO_5, EASTERN, datetime(2026, 3, 9, 12, 30, tzinfo=UTC))  # Mon EDT
    opens = next_opening(WEEKDAYS_8_TO_5, EASTERN, datetime(2026, 3, 8, 3, 0, tzinfo=UTC))
    assert opens == eastern(2026, 3, 9, 8, 0) and opens.astimezone(UTC).hour == 12


def test_it_says_when_a_closed_clinic_opens_next():
    sunday = eastern(2026, 3, 22, 10, 0)
    assert next_opening(WEEKDAYS_8_TO_5, EASTERN, sunday) == eastern(2026, 3, 23, 8, 0)
    assert status_line(WEEKDAYS_8_TO_5, EASTERN, eastern(2026, 3, 18, 6, 0)) == (
        "Closed now. Opens today at 8:00 am (Eastern time)."
    )
    assert status_line(WEEKDAYS_8_TO_5, EASTERN, eastern(2026, 3, 21, 13, 0)) == (
        "Closed now. Opens Monday at 8:00 am (Eastern time)."
    )
    assert next_opening(parse_hours({}), EASTERN, sunday) is None


@pytest.mark.parametrize(
    ("typed", "uri"),
    [
        ("(617) 555-0142", "tel:+16175550142"),
        ("+44 20 7946 0958", "tel:+442079460958"),
        ("1-617-555-0142", "tel:+16175550142"),
        ("911", "tel:911"),
    ],
)
def test_it_makes_a_tap_to_call_link_from_a_typed_number(typed, uri):
    assert tel_uri(typed) == uri


@pytest.mark.parametrize("typed", ["", "call us", "555-CLINIC", "12", "+1 617 555 0142 ext 9"])
def test_it_refuses_something_that_is_not_a_phone_number(typed):
    with pytest.raises(PhoneError, match="is not a phone number"):
        tel_uri(typed)
