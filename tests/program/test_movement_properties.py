"""Properties of the pacing rule for any flares, pauses and "less than planned" weeks."""

import re
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from program.defaults import DEFAULTS
from program.movement import weekly_plan, weekly_targets
from program.movement_wording import why

START = date(2026, 3, 2)
days = st.sets(st.integers(min_value=-14, max_value=120).map(lambda n: START + timedelta(days=n)))
weeks = st.sets(st.integers(min_value=1, max_value=12))
baselines = st.floats(min_value=0.5, max_value=200, allow_nan=False)


@given(baselines, days, days, weeks)
def test_it_never_sets_a_target_below_half_the_baseline(baseline, flares, paused, held):
    targets = weekly_targets(baseline, START, flares, paused_days=paused, hold_after=held)
    assert len(targets) == 12
    assert all(t >= DEFAULTS.movement_floor_fraction * baseline - 1e-9 for t in targets)


@given(baselines, days, weeks)
def test_it_never_lowers_a_target_without_flares(baseline, paused, held):
    targets = weekly_targets(baseline, START, [], paused_days=paused, hold_after=held)
    assert all(later >= earlier for earlier, later in zip(targets, targets[1:], strict=False))
    assert targets[0] == baseline * DEFAULTS.movement_start_fraction


@given(baselines, days, days, weeks)
def test_it_moves_at_most_one_level_a_week(baseline, flares, paused, held):
    targets = weekly_targets(baseline, START, flares, paused_days=paused, hold_after=held)
    step = DEFAULTS.movement_step_fraction * baseline
    assert all(abs(b - a) <= step + 1e-9 for a, b in zip(targets, targets[1:], strict=False))


@given(baselines, days, st.sampled_from(["minutes", "reps"]))
def test_it_never_says_up_or_down_from_a_number_to_the_same_number(baseline, flares, unit):
    plan = weekly_plan(baseline, START, flares)
    for last, this in zip([None, *plan], plan, strict=False):
        line = why(this, last, unit)
        assert not re.search(r"from (\d+) to \1\b", line), line
