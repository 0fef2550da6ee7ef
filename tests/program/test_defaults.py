"""Every tunable number in one place: CLINICAL.md's design choices, and the functions that use them."""

import dataclasses
import inspect

import pytest

from core.settings import load_settings
from program import analytics, measures, movement, movement_plan, onboarding, rules, sleep
from program.defaults import DEFAULTS, SESSION_DEFAULTS


def test_it_holds_the_design_choices_of_clinical_md():
    assert (DEFAULTS.mood_routine_at, DEFAULTS.mood_soon_at) == (10, 15)
    assert DEFAULTS.baseline_check_in_days == 3
    assert DEFAULTS.draft_keep_days == 7
    assert DEFAULTS.peg_meaningful_change == 1.0
    assert DEFAULTS.pain_meaningful_fall == 0.30
    assert (DEFAULTS.pain_window_days, DEFAULTS.pain_min_days) == (7, 3)
    assert (
        DEFAULTS.movement_start_fraction,
        DEFAULTS.movement_step_fraction,
        DEFAULTS.movement_floor_fraction,
    ) == (0.8, 0.1, 0.5)
    assert (DEFAULTS.movement_window_days, DEFAULTS.movement_episodes_to_step_back) == (14, 2)
    assert (DEFAULTS.flare_pain_rise, DEFAULTS.flare_pain_window_days) == (2, 7)
    assert (DEFAULTS.flare_pain_min_days, DEFAULTS.flare_run_days) == (3, 2)
    assert (DEFAULTS.sleep_keep_from, DEFAULTS.sleep_more_from, DEFAULTS.sleep_much_more_from) == (
        85,
        90,
        95,
    )
    assert (DEFAULTS.sleep_step_minutes, DEFAULTS.sleep_big_step_minutes) == (15, 30)
    assert DEFAULTS.sleep_min_time_in_bed == 300  # 5 hours, above the protocol's 4.5
    assert (DEFAULTS.sleep_window_nights, DEFAULTS.sleep_min_nights) == (7, 5)


@pytest.mark.parametrize(
    ("function", "parameter", "name"),
    [
        (rules.mood_flag, "soon_at", "mood_soon_at"),
        (rules.mood_flag, "routine_at", "mood_routine_at"),
        (onboarding.onboarding_progress, "check_in_days_needed", "baseline_check_in_days"),
        (onboarding.baseline_pain_mean, "check_in_days_needed", "baseline_check_in_days"),
        (onboarding.draft_is_fresh, "keep_days", "draft_keep_days"),
        (measures.meaningful_peg_change, "threshold", "peg_meaningful_change"),
        (analytics.compare_peg, "threshold", "peg_meaningful_change"),
        (analytics.compare_pain, "threshold", "pain_meaningful_fall"),
        (analytics.compare_pain, "window", "pain_window_days"),
        (analytics.daily_pain, "min_days", "pain_min_days"),
        (analytics.recent_mean_pain, "window", "pain_window_days"),
        (analytics.recent_mean_pain, "min_days", "pain_min_days"),
        (movement.weekly_targets, "start_fraction", "movement_start_fraction"),
        (movement.weekly_targets, "step_fraction", "movement_step_fraction"),
        (movement.weekly_targets, "floor_fraction", "movement_floor_fraction"),
        (movement.weekly_targets, "window_days", "movement_window_days"),
        (movement.weekly_targets, "episodes_to_step_back", "movement_episodes_to_step_back"),
        (movement.PacingRule, "start_fraction", "movement_start_fraction"),
        (movement.PacingRule, "step_fraction", "movement_step_fraction"),
        (movement.PacingRule, "floor_fraction", "movement_floor_fraction"),
        (movement.PacingRule, "window_days", "movement_window_days"),
        (movement.PacingRule, "episodes_to_step_back", "movement_episodes_to_step_back"),
        (movement_plan.baseline_mean, "days_needed", "movement_baseline_days"),
        (movement_plan.held_weeks, "less_share", "movement_less_share"),
        (movement.flare_days, "rise", "flare_pain_rise"),
        (movement.flare_days, "window_days", "flare_pain_window_days"),
        (movement.flare_days, "min_days", "flare_pain_min_days"),
        (movement.flare_days, "run_days", "flare_run_days"),
        (sleep.next_time_in_bed, "keep_from", "sleep_keep_from"),
        (sleep.next_time_in_bed, "more_from", "sleep_more_from"),
        (sleep.next_time_in_bed, "much_more_from", "sleep_much_more_from"),
        (sleep.next_time_in_bed, "step", "sleep_step_minutes"),
        (sleep.next_time_in_bed, "big_step", "sleep_big_step_minutes"),
        (sleep.next_time_in_bed, "minimum", "sleep_min_time_in_bed"),
        (sleep.scheduling_efficiency, "min_nights", "sleep_min_nights"),
    ],
)
def test_it_gives_each_rule_its_number_from_the_defaults(function, parameter, name):
    assert inspect.signature(function).parameters[parameter].default == getattr(DEFAULTS, name)


def test_it_lets_a_clinicians_setting_replace_a_number_and_nothing_else():
    changed = DEFAULTS.replace(mood_soon_at=16)
    assert changed.mood_soon_at == 16 and changed.mood_routine_at == DEFAULTS.mood_routine_at
    assert DEFAULTS.mood_soon_at == 15  # the defaults themselves never change
    with pytest.raises(TypeError):
        DEFAULTS.replace(mood_sooon_at=16)
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.mood_soon_at = 16  # type: ignore[misc]


def test_it_takes_session_limits_from_the_defaults_unless_the_environment_says_otherwise():
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    for field in dataclasses.fields(SESSION_DEFAULTS):
        assert getattr(settings, field.name) == getattr(SESSION_DEFAULTS, field.name)
    assert (
        load_settings({"RECALIBRATE_ENV": "test", "STAFF_IDLE_MINUTES": "20"}).staff_idle_minutes
        == 20
    )
