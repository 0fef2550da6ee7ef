"""What each kind of plan change may set, checked before anything is stored."""

import pytest

from program.plan_changes import SLEEP_RULE_OUTS, checked_details


def test_it_keeps_only_what_a_movement_level_sets():
    assert checked_details("movement_level", {"level": 2}) == {"level": 2}
    assert checked_details("movement_level", {"level": 0, "exercise": "sit-to-stand"}) == {
        "level": 0,
        "exercise": "sit-to-stand",
    }


def test_it_refuses_an_exercise_name_that_is_not_a_library_slug():
    with pytest.raises(ValueError, match="from the library"):
        checked_details("movement_level", {"level": 1, "exercise": "<b>walk</b>"})


def test_it_refuses_bedtime_scheduling_with_a_rule_out_missing_or_unknown():
    everything = list(SLEEP_RULE_OUTS)
    with pytest.raises(ValueError, match="every check confirmed"):
        checked_details("sleep_scheduling_on", {"rule_outs": everything[:-1]})
    with pytest.raises(ValueError, match="every check confirmed"):
        checked_details("sleep_scheduling_on", {"rule_outs": [*everything, "made-up"]})
    assert checked_details("sleep_scheduling_on", {"rule_outs": everything})["rule_outs"]


def test_it_takes_no_details_for_module_and_pause_changes():
    assert checked_details("hold", None) == {}
    assert checked_details("sleep_scheduling_off", {}) == {}
    with pytest.raises(ValueError, match="no further details"):
        checked_details("resume", {"until": "tomorrow"})
