"""The one-page "my plan from here" renderer (pure): what the PDF says, read back with pypdf."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from export.plan_from_here import MoveLine, MyPlan, plan_from_here_pdf
from program import plan_from_here_wording as w
from program.flare_rule import FLARE_RULE

HELPS = "A hot shower — then my heat pad, and “slow” breathing with Zoë."
PLAN = MyPlan(
    first_name="Zoë",
    made_on=date(2026, 5, 27),
    clinic_name="Riverside Clinic",
    clinic_phone="(555) 010-0100",
    movement=(MoveLine("Walking", 12, "minutes"), MoveLine("Sit to stand", 8, "reps")),
    scheduling=True,
    bedtime="23:15",
    wake_time="06:30",
    time_in_bed=435,
    flare_plan=(("helps", HELPS), ("scale_down", "Half my walk for 2 days.")),
    practice_minutes_this_week=25,
    practice_used="Slow breathing",
    practice_suggested_minutes=5,
    peg_every_weeks=1,
    mood_every_weeks=4,
)
NOT_FOR_PATIENTS = ("moderate", "severe", "minimal", "flag", "urgent", "note", "band", "PHQ", "GAD")


def pages(plan: MyPlan, **kwargs) -> list[str]:
    pdf = plan_from_here_pdf(plan, **kwargs)
    assert pdf.startswith(b"%PDF-")
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_it_makes_one_page_with_every_section_and_the_patients_plan():
    (page,) = pages(PLAN)
    text = flat(page)
    for heading in (w.TITLE, *w.HEADINGS.values()):
        assert heading in text, heading
    assert w.made_line("Zoë", "May 27, 2026") in text
    assert w.move_line("Walking", 12, "minutes") in text
    assert w.move_line("Sit to stand", 8, "reps") in text
    for line in w.bedtime_lines("23:15", "06:30"):
        assert line in text
    assert w.time_in_bed_line(435) in text
    assert flat(FLARE_RULE) in text
    for line in w.practice_lines(25, "Slow breathing", 5):
        assert line in text
    assert w.peg_line(1) in text and w.mood_line(4) in text
    assert w.clinic_line("Riverside Clinic", "(555) 010-0100") in text
    assert w.NOT_WATCHED in text and w.EMERGENCY in text


def test_it_prints_the_flare_plan_in_the_patients_own_words_as_typed():
    text = flat(pages(PLAN)[0])
    assert HELPS in text and "Half my walk for 2 days." in text
    assert w.FLARE_LABELS["helps"] in text
    assert w.FLARE_LABELS["tell"] not in text  # a part they left empty is not printed


def test_it_never_prints_a_score_band_a_flag_or_a_staff_note():
    text = pages(PLAN)[0].lower()
    for word in NOT_FOR_PATIENTS:
        assert word.lower() not in text, word


def test_it_gives_the_sleep_habit_when_bedtime_scheduling_is_off():
    text = flat(pages(replace(PLAN, scheduling=False, bedtime=None, wake_time=None))[0])
    assert flat(w.SLEEP_HABITS[0]) in text
    assert "Go to bed no earlier" not in text


def test_it_says_what_to_do_before_an_exercise_or_a_flare_plan_exists():
    empty = replace(
        PLAN, movement=(), flare_plan=(), practice_minutes_this_week=0, practice_used=None
    )
    text = flat(pages(empty)[0])
    assert w.MOVE_NONE in text and w.FLARE_NONE in text and w.PRACTICE_NONE in text


def test_it_keeps_a_very_long_flare_plan_on_one_page():
    long = "I rest, I breathe slowly, I tell my partner, and I do half. " * 16  # 1000 characters
    plan = replace(PLAN, flare_plan=tuple((p, long[:1000]) for p in w.FLARE_LABELS))
    assert len(pages(plan)) == 1


def test_it_still_prints_without_the_unicode_font(tmp_path: Path):
    (page,) = pages(PLAN, font_dirs=(tmp_path,))
    assert "Zo" in page and w.TITLE in page
