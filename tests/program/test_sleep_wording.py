"""Every sentence of Sleep and Breathe reads at grade 8 or below, and says nothing unkind."""

from datetime import date

import pytest

from program import practice_wording, sleep_wording
from program.sleep import WeeklySleep
from program.sleep_schedule import SleepWindow
from program.vocabulary import PracticeKind
from tests.utils.readability import fk_grade

DAY = date(2026, 3, 18)
GENERATED = (
    sleep_wording.week_text(WeeklySleep(6, 412.5, 84.2)),
    sleep_wording.week_text(None),
    sleep_wording.saved_night(400, 480),
    sleep_wording.bedtime_text("23:45", "06:30"),
    sleep_wording.window_text(405),
    sleep_wording.note_text("We agreed this at your visit."),
    sleep_wording.change_text(SleepWindow(DAY, 400, 6, None, 0, first=True)),
    sleep_wording.change_text(SleepWindow(DAY, 400, 3, None, 0)),
    sleep_wording.change_text(SleepWindow(DAY, 385, 7, 80.0, -15)),
    sleep_wording.change_text(SleepWindow(DAY, 400, 6, 87.0, 0)),
    sleep_wording.change_text(SleepWindow(DAY, 430, 6, 96.0, 30)),
    sleep_wording.progress_sleep_text(12, WeeklySleep(6, 400, 85.0)),
    sleep_wording.progress_sleep_text(0, None),
    practice_wording.pace_text(4, 6),
    practice_wording.done_text(5, True),
    practice_wording.done_text(1, False),
    practice_wording.week_text(0),
    practice_wording.week_text(25),
    practice_wording.progress_practice_text(45, 6),
)
ALL = sleep_wording.PATIENT_TEXTS + practice_wording.PATIENT_TEXTS + GENERATED


@pytest.mark.parametrize("text", ALL)
def test_it_keeps_sleep_and_practice_text_at_grade_8_or_below(text):
    assert fk_grade(text) <= 8, text


def test_it_never_calls_a_night_bad_or_a_patient_a_failure():
    words = " ".join(ALL).lower()
    for unkind in ("bad night", "failed", "you missed", "overdue", "poor sleeper", "insomnia"):
        assert unkind not in words, unkind


def test_it_warns_about_sleepiness_when_driving_or_using_machines():
    warning = sleep_wording.DRIVING_WARNING.lower()
    assert "sleepy" in warning and "drive" in warning and "machines" in warning


def test_it_gives_the_habits_for_everyone_of_clinical_md():
    habits = " ".join(sleep_wording.HABITS).lower()
    for habit in ("same time every day", "bed for sleep", "about 20 minutes", "nap", "wind down"):
        assert habit in habits, habit


def test_it_asks_the_falling_asleep_question_in_the_issues_words():
    assert sleep_wording.TO_SLEEP.startswith("How long after getting into bed did you fall asleep?")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (405, "6 hours 45 minutes"),
        (420, "7 hours"),
        (61, "1 hour 1 minute"),
        (45, "45 minutes"),
        (0, "0 minutes"),
        (412.5, "6 hours 53 minutes"),
    ],
)
def test_it_says_durations_in_hours_and_minutes(minutes, text):
    assert sleep_wording.duration(minutes) == text


def test_it_names_last_night_and_the_nights_before_it():
    assert sleep_wording.night_label(date(2026, 3, 17), DAY) == "Last night (Tue 17 Mar)"
    assert sleep_wording.night_label(date(2026, 3, 16), DAY) == "Night of Mon 16 Mar"


def test_it_names_every_practice():
    assert set(practice_wording.PRACTICE_NAMES) == set(PracticeKind)
