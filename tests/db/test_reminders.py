"""The patient's daily reminder: the chosen time is kept, the calendar UID stays the same across
downloads and reveals nothing, and the reminder repeats until the program's last day."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from db.actions import InvalidInput, pause_my_program, set_my_reminder
from db.engine import read_session
from db.models import DailyReminder
from db.queries import reminder_for_patient
from export.reminders import Reminder, reminder_ics
from tests.utils import actor_for, make_patient


def download(view, stamp: datetime) -> Calendar:
    ics = reminder_ics(
        Reminder(view.token, view.timezone, view.at, view.first_day, view.last_day), stamp=stamp
    )
    return Calendar.from_ical(ics)


def test_it_keeps_the_time_and_repeats_until_the_last_day_of_the_program(people):
    ana = actor_for("ana")
    assert not reminder_for_patient(actor=ana).ready
    view = set_my_reminder(actor=ana, minute_of_day=19 * 60 + 30)
    assert view.ready and view.at == time(19, 30) and view.timezone == "America/New_York"
    # Ana's week 1 began on Monday 2 March: week 12 ends on Sunday 24 May.
    assert (view.first_day, view.last_day) == (date(2026, 3, 18), date(2026, 5, 24))
    assert reminder_for_patient(actor=ana) == view


def test_it_keeps_one_random_uid_per_patient_across_new_times_and_downloads(people):
    ana, ben = actor_for("ana"), actor_for("ben")
    first = set_my_reminder(actor=ana, minute_of_day=8 * 60)
    again = set_my_reminder(actor=ana, minute_of_day=21 * 60)
    assert first.token == again.token and again.at == time(21, 0)
    assert set_my_reminder(actor=ben, minute_of_day=8 * 60).token != first.token
    assert len(first.token) == 32 and int(first.token, 16) >= 0
    uids = {
        str(download(again, datetime(2026, 3, 18, 16, tzinfo=UTC)).walk("VEVENT")[0]["uid"]),
        str(download(again, datetime(2026, 4, 2, 9, tzinfo=UTC)).walk("VEVENT")[0]["uid"]),
    }
    assert uids == {f"{first.token}@reminder.recalibrate"}
    with read_session() as session:
        assert len(session.exec(select(DailyReminder)).all()) == 2


def test_it_moves_the_last_day_with_a_pause_and_says_the_program_is_paused(people):
    ana = actor_for("ana")
    set_my_reminder(actor=ana, minute_of_day=9 * 60)
    pause_my_program(actor=ana, reason="A holiday or a trip", until=date(2026, 3, 24))
    view = reminder_for_patient(actor=ana)
    assert view.paused and view.last_day == date(2026, 5, 31)  # 7 paused days later


def test_it_repeats_for_twelve_weeks_after_the_program(people):
    set_my_reminder(actor=actor_for("ana"), minute_of_day=9 * 60)
    people.move_to(datetime(2026, 6, 10, 16, tzinfo=UTC))
    view = reminder_for_patient(actor=actor_for("ana"))
    assert (view.first_day, view.last_day) == (date(2026, 6, 10), date(2026, 9, 1))
    assert view.last_day - view.first_day == timedelta(days=83)


@pytest.mark.parametrize("minute", [-1, 1440, 24 * 60 * 3])
def test_it_refuses_a_time_that_is_not_a_time_of_day(people, minute):
    with pytest.raises(InvalidInput, match="time of day"):
        set_my_reminder(actor=actor_for("ana"), minute_of_day=minute)
    assert not reminder_for_patient(actor=actor_for("ana")).ready


def test_it_has_no_reminder_for_a_patient_not_enrolled_yet(db, frozen):
    make_patient("Cal", username="cal")
    with pytest.raises(InvalidInput, match="not been set up"):
        set_my_reminder(actor=actor_for("cal"), minute_of_day=600)
    assert reminder_for_patient(actor=actor_for("cal")).enrolled is False
