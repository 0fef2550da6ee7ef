"""What a clinician may tune, within which limits, and how program and patient versions combine."""

from __future__ import annotations

import pytest

from program.rules import FlagSpec
from program.rules.settings import FIELDS, effective_settings
from program.rules.tuning import (
    ALWAYS_ON,
    BY_NAME,
    DEFAULT_SETTINGS,
    EffectiveSettings,
    checked_changes,
    combine,
    merged_values,
    problems,
    stamped,
    stored_values,
    version_changes,
)

SAFETY_WORDS = ("warning", "sign", "item9", "item_9", "self_harm", "phq9", "crisis")


def test_it_lists_each_rule_setting_once_and_has_none_for_warning_signs_or_item_9():
    assert set(BY_NAME) == FIELDS
    assert not [n for n in BY_NAME if any(w in n for w in SAFETY_WORDS)]
    titles = " ".join(title for title, _ in ALWAYS_ON)
    assert "Warning signs" in titles and "PHQ-9 item 9" in titles


def test_it_puts_the_programs_newest_version_over_the_defaults_and_the_patients_over_both():
    both = combine({"mood_soon_at": 17, "low_adherence_days": 7}, 2, {"low_adherence_days": 3}, 4)
    assert both.settings.mood_soon_at == 17  # the program's
    assert both.settings.low_adherence_days == 3  # the patient's, over the program's 7
    assert both.settings.not_now_days == DEFAULT_SETTINGS.not_now_days  # shipped
    assert both.version() == {"program": 2, "patient": 4}
    program_only = combine({"low_adherence_days": 7}, 2)
    assert program_only.settings.low_adherence_days == 7
    assert program_only.version() == {"program": 2, "patient": None}
    assert combine().settings == DEFAULT_SETTINGS and combine().version()["program"] == 0


def test_it_drops_a_value_set_back_to_the_level_below_so_it_follows_that_level_again():
    program = effective_settings(DEFAULT_SETTINGS, {"mood_soon_at": 17})
    before = {"mood_soon_at": 18, "not_now_days": 3}
    after = merged_values(before, {"mood_soon_at": 17, "not_now_days": None}, program)
    assert after == {}
    assert merged_values({}, {"peg_fall_line": 0.25}, program) == {"peg_fall_line": 0.25}
    assert merged_values({}, {"low_adherence_days": 6.0}, program) == {"low_adherence_days": 6}


@pytest.mark.parametrize("name", ["phq9_item9", "warning_signs", "self_harm_sign", "item9_at"])
def test_it_refuses_a_change_naming_warning_signs_or_item_9(name):
    with pytest.raises(ValueError, match="always on and cannot be changed"):
        checked_changes({name: 0})
    with pytest.raises(ValueError):
        merged_values({}, {name: 0, "mood_soon_at": 16}, DEFAULT_SETTINGS)


def test_it_refuses_a_value_that_is_not_a_number_of_the_right_kind():
    for value in ("16", True, 15.5):
        with pytest.raises(TypeError):
            checked_changes({"mood_soon_at": value})


def test_it_keeps_only_real_settings_from_a_stored_row_written_some_other_way():
    raw = {"phq9_item9": 0, "warning_signs": False, "mood_soon_at": 16, "not_now_days": "x"}
    assert stored_values(raw) == {"mood_soon_at": 16}
    assert stored_values(["mood_soon_at"]) == {}
    assert combine(raw, 1).settings.mood_soon_at == 16


def test_it_names_numbers_out_of_range_and_lines_that_contradict_each_other():
    assert problems(DEFAULT_SETTINGS) == []
    wrong = effective_settings(
        DEFAULT_SETTINGS,
        {"peg_fall_line": 0.95, "mood_routine_at": 16, "pain_min_days": 9},
    )
    found = problems(wrong)
    assert "Persisting symptoms, PEG fall line: please choose from 5% to 90%." in found
    assert "Mood: the routine line cannot be above the soon line." in found
    assert "Worsening: the check-ins needed cannot be more than the window's days." in found


def test_it_writes_each_version_as_one_line_per_changed_number():
    lines = version_changes(
        {"mood_soon_at": 15, "peg_fall_line": 0.3}, {"mood_soon_at": 18, "not_now_days": 3},
        "the shipped default",
    )  # fmt: skip
    assert lines == (
        "Persisting symptoms, PEG fall line: 30%, back to the shipped default",
        "Mood, soon at: 15 points to 18 points",
        "Quiet periods, not now lasts: set to 3 days",
    )


def test_it_records_the_settings_version_in_the_flags_inputs():
    spec = FlagSpec("mood", "soon", "mood:PHQ9", "PHQ-9 total 16.", {"total": 16})
    flagged = stamped(spec, EffectiveSettings(DEFAULT_SETTINGS, 3, 1))
    assert flagged.inputs == {"total": 16, "settings_version": {"program": 3, "patient": 1}}
    assert spec.inputs == {"total": 16}  # the rule's own spec is left as it was
