from datetime import UTC, date, datetime, timedelta

import pytest

from program.defaults import DEFAULTS
from program.measures import INSTRUMENTS
from program.onboarding import (
    BASELINE_INSTRUMENTS,
    CONSENT_VERSION,
    CRISIS_STEPS,
    PATIENT_TEXTS,
    baseline_pain_mean,
    clean_goals,
    consent_hash,
    consent_text,
    draft_is_fresh,
    due_instruments,
    first_unanswered,
    missing_items,
    onboarding_progress,
    onboarding_screen,
    partial_answers,
    shows_crisis,
)
from tests.utils.readability import fk_grade

EVERYTHING = dict(
    consented=True, goal_count=2, done_instruments=BASELINE_INSTRUMENTS, check_in_days=3
)


# --- consent ------------------------------------------------------------------------------------


def test_it_states_the_emergency_facts_in_the_consent():
    text = consent_text()
    assert "911" in text and "988" in text
    assert "around the clock" in text and "does not take the place of your doctor" in text


def test_it_hashes_the_consent_text_of_the_current_version_only():
    assert len(consent_hash()) == 64 and consent_hash() == consent_hash(CONSENT_VERSION)
    with pytest.raises(ValueError):
        consent_text("0")


# --- steps and completion -----------------------------------------------------------------------


def test_it_lists_every_step_not_done_for_a_new_patient():
    progress = onboarding_progress(
        consented=False, goal_count=0, done_instruments=(), check_in_days=0
    )
    assert [s.key for s in progress.steps] == [
        "consent",
        "goals",
        *BASELINE_INSTRUMENTS,
        "daily_pain",
    ]
    assert not any(s.done for s in progress.steps) and not progress.baseline_complete
    assert onboarding_screen(progress, week1_started=False) == "consent"


def test_it_completes_the_baseline_with_consent_four_questionnaires_and_three_days():
    progress = onboarding_progress(**EVERYTHING)
    assert progress.baseline_complete and all(s.done for s in progress.steps)


@pytest.mark.parametrize(
    "missing",
    [
        {"consented": False},
        {"check_in_days": DEFAULTS.baseline_check_in_days - 1},
        {"done_instruments": ("PEG", "CSI", "PHQ9")},
    ],
)
def test_it_keeps_the_baseline_open_while_a_piece_is_missing(missing):
    assert not onboarding_progress(**{**EVERYTHING, **missing}).baseline_complete


def test_it_never_holds_the_program_back_for_goals():
    progress = onboarding_progress(**{**EVERYTHING, "goal_count": 0})
    assert progress.baseline_complete
    assert [s.key for s in progress.steps if not s.done] == ["goals"]


def test_it_lets_a_clinician_setting_change_the_days_needed():
    assert not onboarding_progress(**EVERYTHING, check_in_days_needed=5).baseline_complete
    progress = onboarding_progress(**{**EVERYTHING, "check_in_days": 1}, check_in_days_needed=1)
    assert progress.baseline_complete


def test_it_shows_days_done_without_going_past_the_target():
    step = onboarding_progress(**{**EVERYTHING, "check_in_days": 5}).steps[-1]
    assert step.done and step.detail.startswith("3 of 3 days")


@pytest.mark.parametrize(
    ("facts", "started", "screen"),
    [
        ({"consented": False}, False, "consent"),
        ({"goal_count": 0}, False, "goals"),
        ({"check_in_days": 0}, False, "baseline"),
        ({}, False, "done"),
        ({"check_in_days": 0}, True, "done"),
    ],
)
def test_it_picks_the_next_onboarding_screen(facts, started, screen):
    progress = onboarding_progress(**{**EVERYTHING, **facts})
    assert onboarding_screen(progress, week1_started=started) == screen


# --- daily-pain baseline ------------------------------------------------------------------------

START, END = date(2026, 3, 2), date(2026, 3, 6)


def test_it_needs_three_days_of_check_ins_for_a_pain_baseline():
    two = [(START, 4), (START + timedelta(days=1), 6)]
    assert baseline_pain_mean(two, start=START, end=END) is None
    three = [*two, (START + timedelta(days=3), 8)]
    assert baseline_pain_mean(three, start=START, end=END) == 6.0


def test_it_counts_only_check_ins_from_enrolment_until_the_baseline_completed():
    rows = [
        (START - timedelta(days=1), 10),
        (START, 3),
        (START + timedelta(days=1), 4),
        (END, 5),
        (END + timedelta(days=1), 10),
    ]
    assert baseline_pain_mean(rows, start=START, end=END) == 4.0
    assert baseline_pain_mean(rows, start=START, end=END, check_in_days_needed=4) is None


# --- goals --------------------------------------------------------------------------------------


def test_it_tidies_goals_in_the_patients_own_words():
    assert clean_goals(["  Walk  the dog ", "", None, "Walk the dog", "Garden"], max_chars=300) == [
        "Walk the dog",
        "Garden",
    ]


@pytest.mark.parametrize(
    ("goals", "message"),
    [
        (["", "  "], "at least one"),
        (["a", "b", "c", "d"], "up to 3"),
        (["x" * 301], "under 300"),
    ],
)
def test_it_refuses_goals_it_cannot_keep(goals, message):
    with pytest.raises(ValueError, match=message):
        clean_goals(goals, max_chars=300)


# --- questionnaire drafts -----------------------------------------------------------------------


def test_it_checks_partial_answers_item_by_item():
    assert partial_answers("PHQ9", {"1": 2, 9: 0}) == {"1": 2, "9": 0}
    for bad in ({"10": 1}, {"1": 4}, {"1": True}, {"1": "2"}):
        with pytest.raises(ValueError):
            partial_answers("PHQ9", bad)


def test_it_finds_the_first_unanswered_item_and_the_missing_ones():
    assert first_unanswered("PEG", {}) == 0
    assert first_unanswered("PEG", {"1": 3, "3": 2}) == 1
    assert first_unanswered("PEG", {"1": 3, "2": 2, "3": 1}) == 3
    assert missing_items("PEG", {"2": 5}) == ["1", "3"]


def test_it_keeps_a_draft_for_seven_days():
    now = datetime(2026, 3, 18, 15, tzinfo=UTC)
    assert draft_is_fresh(now - timedelta(days=7), now)
    assert not draft_is_fresh(now - timedelta(days=7, seconds=1), now)


def test_it_shows_crisis_help_only_for_phq9_item_9_above_0():
    assert shows_crisis("PHQ9", {"9": 1})
    assert not shows_crisis("PHQ9", {"9": 0, "1": 3})
    assert not shows_crisis("CSI", {"9": 4})  # CSI item 9 is about pain, not self-harm


# --- schedule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "due"),
    [
        (0, ["PEG", "CSI", "PHQ9", "GAD7"]),
        (1, ["PEG"]),
        (4, ["PEG", "PHQ9", "GAD7"]),
        (6, ["PEG", "CSI"]),
        (12, ["PEG", "CSI", "PHQ9", "GAD7"]),
        (13, ["PEG"]),
    ],
)
def test_it_lists_the_questionnaires_due_in_a_program_week(week, due):
    assert due_instruments(week, ()) == due


def test_it_leaves_out_questionnaires_done_that_week():
    assert due_instruments(0, ["CSI", "PEG"]) == ["PHQ9", "GAD7"]
    assert set(due_instruments(0, ())) <= set(INSTRUMENTS)


# --- readability --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", PATIENT_TEXTS)
def test_it_writes_onboarding_texts_at_grade_8_or_below(text):
    assert fk_grade(text) <= 8, text


def test_it_writes_step_titles_and_details_at_grade_8_or_below():
    progress = onboarding_progress(
        consented=False, goal_count=0, done_instruments=(), check_in_days=1
    )
    for step in progress.steps:
        assert fk_grade(f"{step.title}. {step.detail}") <= 8, step


def test_it_keeps_the_crisis_steps_short():
    assert all(len(step.split()) <= 20 for step in CRISIS_STEPS)
