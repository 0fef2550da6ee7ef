"""Bedtime scheduling through the store: never shown unless a clinician switched it on; then the
windows follow the diary a week at a time, from at least 5 of the last 7 nights."""

from datetime import UTC, date, datetime, timedelta

import pytest

from db.actions import InvalidInput, change_plan, save_sleep_diary
from db.queries import sleep_for_clinician, sleep_for_patient
from program.plan_changes import SLEEP_RULE_OUTS
from tests.utils import actor_for, make_patient, make_user

SWITCH_ON = date(2026, 3, 9)  # a Monday; the baseline week is the nights of 2-8 March


def morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)  # 08:00 in New York


def save_night(night: date, into_bed: str, final_wake: str, awake: int = 0, to_sleep: int = 0):
    save_sleep_diary(
        actor=actor_for("ana"),
        night=night,
        into_bed=into_bed,
        minutes_to_sleep=to_sleep,
        awakenings=1 if awake else 0,
        minutes_awake=awake,
        final_wake=final_wake,
        out_of_bed=final_wake,
        quality=3,
        now=morning(night + timedelta(days=1)),
    )


def switch(kind: str, day: date, wake_time: str | None = "06:30", reason: str = "As we agreed."):
    details = {"rule_outs": list(SLEEP_RULE_OUTS)} | ({"wake_time": wake_time} if wake_time else {})
    change_plan(
        actor=actor_for("clin"),
        patient_id=actor_for("ana").patient_id,
        kind=kind,
        reason=reason,
        effective_date=day,
        details=details if kind == "sleep_scheduling_on" else None,
        now=morning(day),
    )


@pytest.fixture
def ana(db, frozen):
    clinician = make_user("clin", ["clinician"])
    make_patient("Ana", username="ana", start=date(2026, 2, 23), clinician=clinician)
    # The baseline week: six nights 23:00 -> 06:30 with 30 minutes awake (420 minutes asleep).
    for n in (0, 1, 2, 4, 5, 6):
        save_night(date(2026, 3, 2) + timedelta(days=n), "23:00", "06:30", awake=30)
    return frozen


def view_on(day: date):
    return sleep_for_patient(actor=actor_for("ana"), now=morning(day))


def test_it_never_shows_a_bedtime_to_a_patient_nobody_switched_on(ana):
    assert view_on(SWITCH_ON).plan is None
    assert view_on(SWITCH_ON + timedelta(days=30)).plan is None


def test_it_refuses_to_switch_on_without_every_rule_out_and_shows_nothing(ana):
    with pytest.raises(InvalidInput, match="every check confirmed"):
        change_plan(
            actor=actor_for("clin"),
            patient_id=actor_for("ana").patient_id,
            kind="sleep_scheduling_on",
            reason="Let's try it.",
            details={"rule_outs": ["bipolar", "seizures", "sleep_apnea"], "wake_time": "06:30"},
        )
    assert view_on(SWITCH_ON).plan is None


def test_it_suggests_the_baseline_weeks_mean_sleep_as_the_first_window(ana):
    switch("sleep_scheduling_on", SWITCH_ON, reason="We agreed this at your visit.")
    plan = view_on(SWITCH_ON).plan
    assert (plan.window.minutes, plan.window.first, plan.window.nights) == (420, True, 6)
    assert (plan.wake_time, plan.bedtime, plan.note) == (
        "06:30",
        "23:30",
        "We agreed this at your visit.",
    )


def test_it_follows_the_diary_week_by_week_and_steps_the_bedtime(ana):
    switch("sleep_scheduling_on", SWITCH_ON)
    # Week 1 (nights 9-15): in bed 23:30 -> 06:30 (420), 60 minutes awake -> 360/420 = 85.7%.
    for n in range(7):
        save_night(SWITCH_ON + timedelta(days=n), "23:30", "06:30", awake=60)
    # Week 2 (nights 16-22): 5 nights in bed 23:30 -> 06:30 with 10 minutes awake: 97.6%.
    for n in (7, 8, 10, 11, 13):
        save_night(SWITCH_ON + timedelta(days=n), "23:30", "06:30", awake=10)
    windows = [
        (w.starts, w.minutes, w.efficiency, w.change)
        for w in view_on(date(2026, 3, 23)).plan.history
    ]
    assert windows == [
        (SWITCH_ON, 420, None, 0),
        (date(2026, 3, 16), 420, 85.7, 0),  # 85 to under 90: keep
        (date(2026, 3, 23), 450, 97.6, 30),  # 95 or more: 30 minutes more
    ]
    assert view_on(date(2026, 3, 23)).plan.bedtime == "23:00"
    assert view_on(date(2026, 3, 22)).plan.bedtime == "23:30"  # the step comes on the 23rd


def test_it_keeps_the_bedtime_when_the_week_has_fewer_than_five_nights(ana):
    switch("sleep_scheduling_on", SWITCH_ON)
    for n in (0, 2, 4, 6):  # four nights at 50%
        save_night(SWITCH_ON + timedelta(days=n), "23:00", "06:00", awake=210)
    window = view_on(date(2026, 3, 16)).plan.window
    assert (window.minutes, window.nights, window.efficiency) == (420, 4, None)


def test_it_waits_for_five_nights_when_switched_on_before_the_diary_has_them(db, frozen):
    clinician = make_user("clin", ["clinician"])
    make_patient("Ana", username="ana", start=date(2026, 2, 23), clinician=clinician)
    switch("sleep_scheduling_on", SWITCH_ON)
    plan = view_on(SWITCH_ON).plan
    assert plan is not None and (plan.window, plan.bedtime) == (None, None)
    for n in range(5):
        save_night(SWITCH_ON + timedelta(days=n), "22:30", "06:30", awake=60)
    assert view_on(SWITCH_ON + timedelta(days=4)).plan.window is None
    ready = view_on(SWITCH_ON + timedelta(days=5)).plan
    assert (ready.window.starts, ready.window.minutes, ready.bedtime) == (
        SWITCH_ON + timedelta(days=5),
        420,
        "23:30",
    )


def test_it_stops_showing_the_bedtime_once_switched_off(ana):
    switch("sleep_scheduling_on", SWITCH_ON)
    switch("sleep_scheduling_off", date(2026, 3, 12), reason="Let's stop for now.")
    assert view_on(date(2026, 3, 11)).plan is not None
    assert view_on(date(2026, 3, 12)).plan is None
    switches = sleep_for_clinician(
        actor=actor_for("clin"),
        patient_id=actor_for("ana").patient_id,
        now=morning(date(2026, 3, 12)),
    ).switches
    assert [(s.kind, s.reason) for s in switches] == [
        ("sleep_scheduling_on", "As we agreed."),
        ("sleep_scheduling_off", "Let's stop for now."),
    ]


def test_it_gives_the_length_in_bed_without_a_bedtime_when_no_wake_time_was_set(ana):
    switch("sleep_scheduling_on", SWITCH_ON, wake_time=None)
    plan = view_on(SWITCH_ON).plan
    assert (plan.window.minutes, plan.wake_time, plan.bedtime) == (420, None, None)
