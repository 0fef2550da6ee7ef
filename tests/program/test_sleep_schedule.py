"""Bedtime scheduling: off unless a clinician switches it on; the windows follow the diary."""

import inspect
from datetime import date, timedelta

import pytest

from program.curriculum import PlanEventRef
from program.defaults import DEFAULTS
from program.sleep import SleepSummary, next_time_in_bed
from program.sleep_schedule import bedtime, scheduling_on, windows

ON_DAY = date(2026, 3, 9)
RULE_OUTS = {"rule_outs": ["bipolar", "seizures", "sleep_apnea", "sleepiness_risk"]}


def on(day, wake="06:30", seq=1, reason="We agreed a plan."):
    return PlanEventRef(
        "sleep_scheduling_on", day, None, reason, seq, details={**RULE_OUTS, "wake_time": wake}
    )


def off(day, seq=2):
    return PlanEventRef("sleep_scheduling_off", day, None, "Stopped for now.", seq)


def nights(first: date, count: int, in_bed=480, asleep=400, skip=()):
    return {
        first + timedelta(days=n): SleepSummary(in_bed, asleep)
        for n in range(count)
        if n not in skip
    }


def test_it_is_off_for_a_patient_nobody_switched_on():
    assert scheduling_on([], ON_DAY) is None
    pause = PlanEventRef("pause", ON_DAY, None, "Away", 1)
    assert scheduling_on([pause], ON_DAY + timedelta(days=30)) is None


def test_it_is_on_from_the_day_a_clinician_switches_it_on_until_switched_off():
    events = [on(ON_DAY), off(ON_DAY + timedelta(days=10))]
    assert scheduling_on(events, ON_DAY - timedelta(days=1)) is None
    state = scheduling_on(events, ON_DAY)
    assert (state.since, state.wake_time, state.reason) == (ON_DAY, "06:30", "We agreed a plan.")
    assert scheduling_on(events, ON_DAY + timedelta(days=9)) is not None
    assert scheduling_on(events, ON_DAY + timedelta(days=10)) is None


def test_it_keeps_counting_from_the_first_switch_when_only_the_wake_time_changes():
    events = [on(ON_DAY), on(ON_DAY + timedelta(days=5), wake="07:00", seq=2)]
    state = scheduling_on(events, ON_DAY + timedelta(days=6))
    assert (state.since, state.wake_time) == (ON_DAY, "07:00")


def test_it_starts_again_after_being_switched_off_and_on():
    later = ON_DAY + timedelta(days=20)
    events = [on(ON_DAY), off(ON_DAY + timedelta(days=10)), on(later, seq=3)]
    assert scheduling_on(events, later).since == later


def test_it_starts_with_the_baseline_weeks_mean_total_sleep():
    # The 7 nights before the switch: 5 entries of 400, 410, 420, 430, 440 minutes asleep.
    diary = {
        ON_DAY - timedelta(days=7) + timedelta(days=n): SleepSummary(500, 400 + 10 * i)
        for i, n in enumerate((0, 1, 3, 4, 6))
    }
    [first] = windows(diary, ON_DAY, ON_DAY)
    assert (first.starts, first.minutes, first.nights, first.first) == (ON_DAY, 420, 5, True)


def test_it_waits_for_five_of_the_last_seven_nights_before_the_first_window():
    diary = nights(ON_DAY - timedelta(days=2), 6)  # two nights before the switch, then daily
    assert windows(diary, ON_DAY, ON_DAY + timedelta(days=1)) == []
    [first] = windows(diary, ON_DAY, ON_DAY + timedelta(days=3))
    assert first.starts == ON_DAY + timedelta(days=3)  # nights -2 .. +2: five entries


def test_it_never_starts_under_five_hours_in_bed():
    diary = nights(ON_DAY - timedelta(days=7), 7, in_bed=420, asleep=240)
    assert windows(diary, ON_DAY, ON_DAY)[0].minutes == 300


def test_it_steps_each_week_from_the_last_seven_nights_efficiency():
    # Baseline 400 asleep; week 1 at 80% efficiency (-15), week 2 at 88% (keep), week 3 at 92%
    # (+15), week 4 at 97% (+30).
    diary = nights(ON_DAY - timedelta(days=7), 7, asleep=400)
    for week, (in_bed, asleep) in enumerate(((500, 400), (500, 440), (500, 460), (500, 485))):
        diary |= nights(ON_DAY + timedelta(days=7 * week), 7, in_bed=in_bed, asleep=asleep)
    found = windows(diary, ON_DAY, ON_DAY + timedelta(days=28))
    assert [w.starts for w in found] == [ON_DAY + timedelta(days=7 * k) for k in range(5)]
    assert [w.efficiency for w in found] == [None, 80.0, 88.0, 92.0, 97.0]
    assert [w.minutes for w in found] == [400, 385, 385, 400, 430]
    assert [w.change for w in found] == [0, -15, 0, 15, 30]
    minutes = 400
    for w in found[1:]:  # the same steps as the published rule, one by one
        minutes = next_time_in_bed(w.efficiency, minutes)
        assert w.minutes == minutes


def test_it_uses_summed_sleep_over_summed_time_in_bed_not_a_mean_of_nights():
    diary = nights(ON_DAY - timedelta(days=7), 7, asleep=400)
    week = {ON_DAY + timedelta(days=n): SleepSummary(600, 420) for n in range(3)}  # 70% each
    week |= {ON_DAY + timedelta(days=n): SleepSummary(300, 300) for n in range(3, 7)}  # 100%
    # Summed: 2460 / 3000 = 82% -> 15 minutes less. A mean of the nights' percentages (87.1%)
    # would have kept the window.
    found = windows(diary | week, ON_DAY, ON_DAY + timedelta(days=7))
    assert (found[1].efficiency, found[1].change) == (82.0, -15)


def test_it_keeps_the_window_when_the_week_has_fewer_than_five_nights():
    diary = nights(ON_DAY - timedelta(days=7), 7, asleep=400)
    diary |= nights(ON_DAY, 7, in_bed=500, asleep=300, skip=(1, 3, 5))  # 4 nights, 60%
    found = windows(diary, ON_DAY, ON_DAY + timedelta(days=7))
    assert (found[1].minutes, found[1].nights, found[1].efficiency) == (400, 4, None)


def test_it_never_prescribes_under_five_hours():
    diary = nights(ON_DAY - timedelta(days=7), 7, asleep=310)
    diary |= nights(ON_DAY, 14, in_bed=480, asleep=240)  # 50%: -15 each week
    assert [w.minutes for w in windows(diary, ON_DAY, ON_DAY + timedelta(days=14))] == [
        310,
        300,
        300,
    ]


@pytest.mark.parametrize(
    ("wake", "minutes", "bed"),
    [
        ("06:30", 400, "23:50"),
        ("07:00", 300, "02:00"),
        ("00:15", 30, "23:45"),
        ("06:00", 0, "06:00"),
    ],
)
def test_it_counts_the_bedtime_back_from_the_wake_time_across_midnight(wake, minutes, bed):
    assert bedtime(wake, minutes) == bed


@pytest.mark.parametrize(
    ("parameter", "name"),
    [
        ("window_nights", "sleep_window_nights"),
        ("min_nights", "sleep_min_nights"),
        ("minimum", "sleep_min_time_in_bed"),
    ],
)
def test_it_takes_its_numbers_from_the_defaults_a_clinician_can_change(parameter, name):
    assert inspect.signature(windows).parameters[parameter].default == getattr(DEFAULTS, name)
