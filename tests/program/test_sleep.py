"""The sleep diary's arithmetic (CLINICAL.md, "Sleep") and the bedtime-scheduling steps."""

import pytest

from program.sleep import (
    SleepSummary,
    next_time_in_bed,
    scheduling_efficiency,
    summarize,
    weekly_summary,
)
from tests.utils.readability import fk_grade


def entry(
    into_bed="23:00", final_wake="06:30", out_of_bed="07:00", to_sleep=20, awakenings=2, awake=30
):
    return {
        "into_bed": into_bed,
        "final_wake": final_wake,
        "out_of_bed": out_of_bed,
        "minutes_to_sleep": to_sleep,
        "awakenings": awakenings,
        "minutes_awake": awake,
    }


def test_it_works_out_a_night_across_midnight():
    # 8 h in bed; 7.5 h until the final waking, minus 20 min to fall asleep and 30 min awake.
    night = summarize(entry())
    assert (night.time_in_bed, night.total_sleep, night.efficiency) == (480, 400, 83.3)


def test_it_works_out_a_night_that_starts_after_midnight():
    night = summarize(
        entry(into_bed="01:15", final_wake="08:15", out_of_bed="08:15", to_sleep=0, awake=0)
    )
    assert (night.time_in_bed, night.total_sleep, night.efficiency) == (420, 420, 100.0)


def test_it_takes_out_the_time_in_bed_after_the_final_waking():
    night = summarize(
        entry(into_bed="22:00", final_wake="05:00", out_of_bed="07:00", to_sleep=0, awake=0)
    )
    assert (night.time_in_bed, night.total_sleep) == (540, 420)


def test_it_accepts_exactly_twenty_hours_in_bed_and_refuses_a_minute_more():
    assert (
        summarize(entry(into_bed="10:00", final_wake="06:00", out_of_bed="06:00")).time_in_bed
        == 1200
    )
    with pytest.raises(ValueError, match="more than 20 hours"):
        summarize(entry(into_bed="10:00", final_wake="06:00", out_of_bed="06:01"))


def test_it_refuses_a_night_with_no_time_in_bed():
    with pytest.raises(ValueError, match="same"):
        summarize(
            entry(into_bed="07:00", final_wake="07:00", out_of_bed="07:00", to_sleep=0, awake=0)
        )


def test_it_refuses_more_minutes_awake_than_the_night_had():
    # 23:00 to 06:30 is 450 minutes; 200 + 251 is one more.
    with pytest.raises(ValueError, match="add up to more"):
        summarize(entry(to_sleep=200, awake=251))
    assert summarize(entry(to_sleep=200, awake=250)).total_sleep == 0


@pytest.mark.parametrize(
    "change",
    [
        {"into_bed": "25:00"},
        {"out_of_bed": "7am"},
        {"final_wake": None},
        {"minutes_to_sleep": -5},
        {"minutes_awake": 2.5},
        {"awakenings": True},
    ],
)
def test_it_refuses_a_value_that_is_not_a_time_or_a_count(change):
    with pytest.raises(ValueError, match="Please give"):
        summarize({**entry(), **change})


def test_it_explains_every_mistake_at_grade_8_or_below():
    mistakes = [
        entry(into_bed="07:00", final_wake="07:00", out_of_bed="07:00"),
        entry(into_bed="10:00", final_wake="06:00", out_of_bed="06:01"),
        entry(to_sleep=400, awake=400),
        entry(into_bed="late"),
        entry(awake=-1),
    ]
    for mistake in mistakes:
        with pytest.raises(ValueError) as error:
            summarize(mistake)
        assert fk_grade(str(error.value)) <= 8, error.value


def test_it_sums_a_week_of_nights_for_the_mean_and_the_efficiency():
    nights = [SleepSummary(480, 400), SleepSummary(420, 400), SleepSummary(500, 350)]
    week = weekly_summary(nights)
    # 1150 minutes asleep of 1400 in bed: 82.1 (the mean of each night's 83.3, 95.2, 70.0 is 82.9).
    assert (week.nights, week.mean_total_sleep, week.efficiency) == (3, 383.3, 82.1)
    assert weekly_summary([]) is None


def test_it_needs_five_nights_before_a_scheduling_step():
    assert scheduling_efficiency([SleepSummary(480, 432)] * 4) is None
    assert scheduling_efficiency([SleepSummary(480, 432)] * 5) == 90.0


@pytest.mark.parametrize(
    ("efficiency", "minutes"),
    [(0, 345), (84.9, 345), (85, 360), (89.9, 360), (90, 375), (94.9, 375), (95, 390), (100, 390)],
)
def test_it_steps_the_time_in_bed_by_efficiency(efficiency, minutes):
    assert next_time_in_bed(efficiency, 360) == minutes


def test_it_never_prescribes_under_five_hours_in_bed():
    assert next_time_in_bed(70, 310) == 300
    assert next_time_in_bed(70, 300) == 300
    assert next_time_in_bed(88, 280) == 300
