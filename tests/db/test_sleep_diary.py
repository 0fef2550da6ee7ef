"""The sleep diary in the store: one entry per night, editable, in the patient's own dates."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.actions import InvalidInput, save_sleep_diary
from db.engine import get_engine
from db.models import AuditEvent, SleepDiaryEntry
from db.queries import sleep_for_patient
from tests.utils import actor_for, make_patient, rows

LAST_NIGHT = date(2026, 3, 17)  # FROZEN_NOW is 2026-03-18 11:00 in New York
NIGHT = dict(
    into_bed="23:00",
    minutes_to_sleep=20,
    awakenings=2,
    minutes_awake=30,
    final_wake="06:30",
    out_of_bed="07:00",
    quality=3,
)


@pytest.fixture
def ana(db, frozen):
    make_patient("Ana", username="ana", start=date(2026, 3, 2))
    return actor_for("ana")


def test_it_saves_a_night_across_midnight_with_what_it_works_out_to(ana):
    result = save_sleep_diary(actor=ana, night=LAST_NIGHT, **NIGHT)
    assert result.created
    [entry] = rows(SleepDiaryEntry)
    assert (entry.night, entry.into_bed.isoformat(), entry.out_of_bed.isoformat()) == (
        LAST_NIGHT,
        "23:00:00",
        "07:00:00",
    )
    # 8 h in bed; 7.5 h to the final waking less 20 + 30 minutes awake.
    assert (entry.time_in_bed, entry.total_sleep, entry.efficiency) == (480, 400, 83.3)
    assert [a.action for a in rows(AuditEvent)][-1] == "save_sleep_diary"


def test_it_updates_the_same_night_instead_of_adding_a_second_one(ana):
    save_sleep_diary(actor=ana, night=LAST_NIGHT, **NIGHT)
    again = save_sleep_diary(actor=ana, night=LAST_NIGHT, **{**NIGHT, "minutes_awake": 0})
    assert not again.created
    [entry] = rows(SleepDiaryEntry)
    assert (entry.total_sleep, entry.minutes_awake) == (430, 0)
    assert [a.action for a in rows(AuditEvent)][-1] == "update_sleep_diary"


def test_it_keeps_the_night_before_apart_from_last_night(ana):
    save_sleep_diary(actor=ana, night=LAST_NIGHT, **NIGHT)
    save_sleep_diary(actor=ana, night=date(2026, 3, 16), **{**NIGHT, "into_bed": "00:30"})
    view = sleep_for_patient(actor=ana)
    assert sorted(view.entries) == [date(2026, 3, 16), LAST_NIGHT]
    assert view.entries[date(2026, 3, 16)].time_in_bed == 390  # into bed after midnight
    assert view.last_week.nights == 2


def test_it_offers_last_night_first_and_a_week_of_nights_to_catch_up_on(ana):
    view = sleep_for_patient(actor=ana)
    assert view.nights_to_choose[0] == LAST_NIGHT
    assert view.nights_to_choose[-1] == date(2026, 3, 11)
    with pytest.raises(InvalidInput, match="goes back 7 nights"):
        save_sleep_diary(actor=ana, night=date(2026, 3, 10), **NIGHT)
    with pytest.raises(InvalidInput, match="already happened"):
        save_sleep_diary(actor=ana, night=date(2026, 3, 18), **NIGHT)
    assert rows(SleepDiaryEntry) == []


@pytest.mark.parametrize(
    ("zone", "last_night", "tonight"),
    [
        # At 15:00 UTC it is 04:00 the next morning in Auckland and 08:00 in Los Angeles.
        ("Pacific/Auckland", date(2026, 3, 18), date(2026, 3, 19)),
        ("America/Los_Angeles", date(2026, 3, 17), date(2026, 3, 18)),
    ],
)
def test_it_dates_the_night_by_the_patients_own_calendar(db, frozen, zone, last_night, tonight):
    make_patient("Kai", username="kai", timezone=zone, start=date(2026, 3, 2))
    kai = actor_for("kai")
    assert sleep_for_patient(actor=kai).nights_to_choose[0] == last_night
    save_sleep_diary(actor=kai, night=last_night, **NIGHT)
    with pytest.raises(InvalidInput, match="already happened"):
        save_sleep_diary(actor=kai, night=tonight, **NIGHT)
    assert [e.night for e in rows(SleepDiaryEntry)] == [last_night]


def test_it_moves_the_diary_to_the_next_night_at_local_midnight_not_utc(ana, frozen):
    frozen.move_to(datetime(2026, 3, 19, 3, 30, tzinfo=UTC))  # 23:30 on the 18th in New York
    assert sleep_for_patient(actor=ana).nights_to_choose[0] == LAST_NIGHT
    frozen.move_to(datetime(2026, 3, 19, 4, 30, tzinfo=UTC))  # 00:30 on the 19th
    assert sleep_for_patient(actor=ana).nights_to_choose[0] == date(2026, 3, 18)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"into_bed": "07:00", "final_wake": "07:00", "out_of_bed": "07:00"}, "are the same"),
        ({"into_bed": "10:00", "final_wake": "06:00", "out_of_bed": "06:30"}, "more than 20 hours"),
        ({"minutes_to_sleep": 300, "minutes_awake": 200}, "add up to more"),
        ({"into_bed": "25:00"}, "as a clock time, like 22:30"),
        ({"out_of_bed": "7am"}, "as a clock time"),
        ({"awakenings": 51}, "from 0 to 50"),
        ({"minutes_awake": -1}, "from 0 to 1200"),
        ({"quality": 0}, "how well you slept from 1 to 5"),
    ],
)
def test_it_refuses_an_impossible_night_with_the_patients_message_and_saves_nothing(
    ana, change, message
):
    with pytest.raises(InvalidInput, match=message) as refused:
        save_sleep_diary(actor=ana, night=LAST_NIGHT, **{**NIGHT, **change})
    assert "Please" in str(refused.value)
    assert rows(SleepDiaryEntry) == []
    assert "save_sleep_diary" not in [a.action for a in rows(AuditEvent)]


def test_it_leaves_the_saved_night_as_it_was_when_a_change_is_impossible(ana):
    save_sleep_diary(actor=ana, night=LAST_NIGHT, **NIGHT)
    with pytest.raises(InvalidInput):
        save_sleep_diary(actor=ana, night=LAST_NIGHT, **{**NIGHT, "minutes_to_sleep": 600})
    [entry] = rows(SleepDiaryEntry)
    assert (entry.minutes_to_sleep, entry.total_sleep) == (20, 400)


@pytest.mark.parametrize(
    ("column", "value"),
    [("efficiency", 100.5), ("quality", 6), ("total_sleep", 481), ("time_in_bed", 0)],
)
def test_it_refuses_a_bad_diary_row_from_any_writer(ana, column, value):
    good = {
        "patient_id": ana.patient_id,
        "night": LAST_NIGHT,
        "into_bed": "23:00:00",
        "minutes_to_sleep": 20,
        "awakenings": 2,
        "minutes_awake": 30,
        "final_wake": "06:30:00",
        "out_of_bed": "07:00:00",
        "quality": 3,
        "time_in_bed": 480,
        "total_sleep": 400,
        "efficiency": 83.3,
        "created_at": datetime(2026, 3, 18, tzinfo=UTC),
        "updated_at": datetime(2026, 3, 18, tzinfo=UTC),
    }
    columns = ", ".join(good)
    values = ", ".join(f":{name}" for name in good)
    insert = text(f"INSERT INTO sleepdiaryentry ({columns}) VALUES ({values})")  # noqa: S608
    with pytest.raises(IntegrityError), get_engine().begin() as conn:
        conn.execute(insert, {**good, column: value})
    with get_engine().begin() as conn:
        conn.execute(insert, good)  # the same row with the good value is stored
    assert len(rows(SleepDiaryEntry)) == 1
