"""RuleSettings, a patient's overrides, quiet periods and "Not now", and what none of them touch."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from program.defaults import DEFAULTS
from program.rules import (
    QUIETABLE,
    CheckInEntry,
    QuestionnaireEntry,
    RuleSettings,
    effective_settings,
    evaluate_patient,
    quiet_reason,
)
from tests.program.test_follow_up_rules import SETTINGS, patient, pegs, result, week_day


def test_it_takes_the_follow_up_numbers_of_clinical_md_from_the_defaults():
    s = RuleSettings.from_defaults(DEFAULTS)
    assert (s.persisting_from_week, s.persisting_min_weekly_pegs) == (6, 2)
    assert (s.persisting_baseline_floor, s.peg_fall_line) == (3.0, 0.30)
    assert (s.worsening_peg_rise, s.worsening_peg_weeks, s.worsening_pain_rise) == (1.0, 2, 2.0)
    assert (s.end_of_program_week, s.low_adherence_days) == (12, 5)
    assert (s.quiet_after_visit_days, s.not_now_days) == (28, 7)
    assert (s.mood_soon_at, s.mood_routine_at) == (15, 10)


def test_it_merges_a_patients_override_over_the_program_settings():
    merged = effective_settings(SETTINGS, {"persisting_from_week": 8, "peg_fall_line": 0.5})
    assert merged.persisting_from_week == 8 and merged.peg_fall_line == 0.5
    assert merged.mood_soon_at == SETTINGS.mood_soon_at
    assert effective_settings(SETTINGS, None) == SETTINGS
    assert SETTINGS.persisting_from_week == 6  # the program's settings are never changed
    with pytest.raises(dataclasses.FrozenInstanceError):
        merged.peg_fall_line = 0.1  # type: ignore[misc]


def test_it_refuses_an_override_that_is_not_a_number_or_not_whole():
    with pytest.raises(TypeError):
        effective_settings(SETTINGS, {"low_adherence_days": "5"})
    with pytest.raises(TypeError):
        effective_settings(SETTINGS, {"low_adherence_days": 4.5})
    with pytest.raises(TypeError):
        effective_settings(SETTINGS, {"low_adherence_days": True})


def test_it_changes_when_a_rule_fires_with_a_patients_override():
    data = patient(pegs=pegs(6.0, {5: 6.0, 6: 6.0}))
    later = effective_settings(SETTINGS, {"persisting_from_week": 8})
    assert result(data, "persisting", week_day(6, 3)).fires
    assert not result(data, "persisting", week_day(6, 3), later).fires


@pytest.mark.parametrize(
    "name", ["warning_signs", "item9_at", "phq9_item9", "self_harm", "warning_sign_tiers"]
)
def test_it_has_no_setting_that_could_tune_or_silence_warning_signs_or_item_9(name):
    assert not any("item9" in f or "warning" in f for f in map(str, vars(SETTINGS)))
    with pytest.raises(ValueError, match="not a rule setting"):
        effective_settings(SETTINGS, {name: 99})


# --- quiet periods -----------------------------------------------------------------------------


def test_it_keeps_a_rule_quiet_for_4_weeks_after_a_completed_visit():
    visit = date(2026, 5, 4)
    s = SETTINGS
    assert quiet_reason("persisting", visit, s, last_completed_visit=visit) == "after_visit"
    last_quiet = visit + timedelta(days=27)
    assert quiet_reason("persisting", last_quiet, s, last_completed_visit=visit) == "after_visit"
    assert quiet_reason("persisting", visit + timedelta(28), s, last_completed_visit=visit) is None
    assert quiet_reason("persisting", visit - timedelta(1), s, last_completed_visit=visit) is None


def test_it_brings_a_prompt_back_7_days_after_not_now():
    said = date(2026, 5, 4)
    assert quiet_reason("worsening", said + timedelta(6), SETTINGS, not_now_dates=[said])
    assert quiet_reason("worsening", said + timedelta(7), SETTINGS, not_now_dates=[said]) is None


def test_it_quiets_only_persisting_worsening_end_of_program_mood_and_adherence():
    assert {"persisting", "worsening", "end_of_program", "mood", "low_adherence"} == QUIETABLE
    day = date(2026, 5, 4)
    for rule in ("warning_sign", "self_harm_sign", "phq9_item9"):
        assert (
            quiet_reason(rule, day, SETTINGS, last_completed_visit=day, not_now_dates=[day]) is None
        )


def test_it_holds_persisting_after_a_visit_then_opens_a_new_episode():
    visit = week_day(7, 0)
    data = patient(pegs=pegs(6.0, {5: 6.0, 6: 6.0}), completed_visits=(visit,))
    before = result(data, "persisting", visit - timedelta(days=1))
    quiet = result(data, "persisting", visit + timedelta(days=27))
    again = result(data, "persisting", visit + timedelta(days=28))
    assert before.fires and before.dedupe_key == "persisting:7"
    assert quiet.met and not quiet.fires and quiet.quiet == "after_visit"
    assert again.fires and again.dedupe_key == f"persisting:7:after_visit:{visit.isoformat()}"


def test_it_holds_a_prompt_the_patient_put_off_with_not_now_for_7_days():
    said = week_day(6, 1)
    data = patient(pegs=pegs(6.0, {5: 6.0, 6: 6.0}), not_now=(("persisting", said),))
    assert result(data, "persisting", said + timedelta(days=6)).quiet == "not_now"
    back = result(data, "persisting", said + timedelta(days=7))
    assert back.fires and back.dedupe_key == "persisting:7"  # the same episode, not a new one
    assert result(data, "worsening", said).quiet is None  # "Not now" is per prompt


def test_it_always_fires_item_9_and_warning_signs_whatever_the_settings_and_quiet_periods():
    day = week_day(7, 2)
    data = patient(
        questionnaires=(QuestionnaireEntry("PHQ9", day, 4, 1),),
        check_ins=(CheckInEntry(day, 5, ("chest_pain",)),),
        completed_visits=(day,),
        not_now=tuple((rule, day) for rule in ("phq9_item9", "warning_sign", "mood")),
    )
    strictest = dataclasses.replace(
        SETTINGS,
        **{f.name: 10_000 for f in dataclasses.fields(SETTINGS) if f.type == "int"},
    )
    for settings in (SETTINGS, strictest):
        fired = {r.rule: r for r in evaluate_patient(data, settings, day) if r.fires}
        assert fired["phq9_item9"].severity == "urgent"
        assert fired["warning_sign"].severity == "emergency"
        assert fired["phq9_item9"].dedupe_key == "phq9_item9"
