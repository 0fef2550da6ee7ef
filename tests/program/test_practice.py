"""Slow breathing's pace and the minutes a practice session counts for."""

import inspect

import pytest

from program.defaults import DEFAULTS
from program.practice import left_open, minutes_practised, pace, ran_to_the_end


def test_it_breathes_four_seconds_in_and_six_out_at_six_breaths_a_minute():
    assert DEFAULTS.breathing_bpm == 6
    assert DEFAULTS.practice_lengths == (3, 5, 10, 15, 20)
    six = pace(6)
    assert (six.breathe_in, six.breathe_out) == (4.0, 6.0)


@pytest.mark.parametrize(
    ("bpm", "inhale", "exhale"), [(4, 6.0, 9.0), (5, 4.8, 7.2), (7, 3.43, 5.14)]
)
def test_it_keeps_the_breath_out_longer_at_every_pace(bpm, inhale, exhale):
    p = pace(bpm)
    assert (p.breathe_in, p.breathe_out) == (inhale, exhale)
    assert abs(p.breathe_in + p.breathe_out - 60 / bpm) < 0.02


@pytest.mark.parametrize("bpm", [3, 8, 0, True, 6.5])
def test_it_offers_only_four_to_seven_breaths_a_minute(bpm):
    with pytest.raises(ValueError, match="from 4 to 7 breaths a minute"):
        pace(bpm)


@pytest.mark.parametrize(
    ("seconds", "planned", "minutes"),
    [(0, 5, 0), (29, 5, 0), (30, 5, 1), (160, 5, 3), (299, 5, 5), (3600, 5, 5), (-4, 5, 0)],
)
def test_it_counts_whole_minutes_half_up_and_never_more_than_planned(seconds, planned, minutes):
    assert minutes_practised(seconds, planned) == minutes


def test_it_tells_a_session_that_ran_its_length_from_one_stopped_early():
    assert ran_to_the_end(300, 5) and ran_to_the_end(301, 5)
    assert not ran_to_the_end(299, 5)


def test_it_tells_a_session_left_open_from_one_that_ran_a_little_over():
    assert not left_open(5 * 60 + 9 * 60, 5)  # ten minutes' grace after the planned end
    assert left_open(5 * 60 + 10 * 60 + 1, 5)


@pytest.mark.parametrize(
    ("parameter", "name"),
    [
        ("in_share", "breathing_in_share"),
        ("low", "breathing_min_bpm"),
        ("high", "breathing_max_bpm"),
    ],
)
def test_it_takes_its_pace_from_the_defaults_a_clinician_can_change(parameter, name):
    assert inspect.signature(pace).parameters[parameter].default == getattr(DEFAULTS, name)
