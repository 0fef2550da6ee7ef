"""The visit summary renderer (pure): what each audience's PDF says, read back with pypdf."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

from pypdf import PdfReader

from export.visit_summary import FlagLine, PlanLine, ScoreLine, VisitSummary, visit_summary_pdf
from program import visit_summary_wording as w

DAYS = tuple(
    (date(2026, 3, 1) + timedelta(days=n), float(5 + n % 3), 5.5 if n >= 6 else None)
    for n in range(18)
)
STAFF = VisitSummary(
    audience="staff",
    clinic_name="Riverside Clinic",
    prepared="Mar 18, 2026 11:00 (Eastern time)",
    patient_name="Zoë Ní Bhriain",
    date_of_birth=date(1980, 1, 1),
    record_number="R-1",
    program_title="Recalibrate 12-week program",
    start_date=date(2026, 3, 1),
    week=3,
    weeks=12,
    paused=False,
    finished=False,
    check_ins_recent=11,
    recent_days=14,
    lessons_done=4,
    lessons_open=6,
    check_ins_per_week=((1, 6), (2, 7), (3, 3)),
    pain_days=DAYS,
    pain_first_week=6.0,
    pain_recent=5.5,
    peg=((0, 6.67), (1, 6.0), (2, 5.0)),
    scores=(ScoreLine("PHQ-9 (depression)", date(2026, 3, 2), 11, 27, "moderate"),),
    plan_changes=(PlanLine(date(2026, 3, 5), "Program paused", "A week away."),),
    goals=("Walk the dog",),
    pain_judgement="8% lower, short of the 30% line (IMMPACT: moderate).",
    peg_judgement="a meaningful fall (1.0 point or more).",
    flags=(FlagLine("urgent", "Warning sign: a swollen calf", date(2026, 3, 4), "Calf swelling."),),
    medicine_notes=((date(2026, 3, 3), "Started new tablets"),),
)


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_it_writes_the_care_teams_summary_with_flags_notes_bands_and_judgements():
    shown = text(visit_summary_pdf(STAFF))
    for expected in (
        w.STAFF_TITLE,
        "Zoë Ní Bhriain",
        "Check-ins: 11 of the last 14 days",
        "PHQ-9 (depression): 11 of 27 (moderate)",
        "[URGENT] Warning sign: a swollen calf",
        "Calf swelling.",
        "Started new tablets",
        "short of the 30% line",
        "a meaningful fall",
        "A week away.",
        "Walk the dog",
    ):
        assert expected in shown, expected


def test_it_never_prints_staff_only_content_on_the_patients_version_even_if_handed_it():
    # The query leaves these out of the patient's view; the renderer ignores them as well.
    shown = text(visit_summary_pdf(replace(STAFF, audience="patient")))
    assert w.PATIENT_TITLE in shown and w.PATIENT_SAFETY.split(".")[0] in shown
    assert "11 of 27" in shown and "A week away." in shown and "Walk the dog" in shown
    for hidden in (
        "moderate",
        "Warning sign",
        "Calf swelling",
        "Started new tablets",
        "30%",
        "meaningful",
        "URGENT",
        "IMMPACT",
    ):
        assert hidden not in shown, hidden


def test_it_draws_the_pain_line_and_a_bar_per_peg_week_with_the_pdfs_own_shapes():
    def shapes(view: VisitSummary) -> tuple[int, int]:
        page = PdfReader(io.BytesIO(visit_summary_pdf(view))).pages[0]
        stream = page.get_contents().get_data().decode("latin-1")
        return stream.count(" re f") + stream.count(" re\nf"), stream.count(" l")

    bars, lines = shapes(STAFF)
    fewer_bars, fewer_lines = shapes(replace(STAFF, peg=(), check_ins_per_week=(), pain_days=()))
    assert bars - fewer_bars == 3 + 3  # the PEG weeks and the check-in weeks
    assert lines > fewer_lines + 10  # the 7-day line and the axes


def test_it_still_writes_every_name_when_no_unicode_font_is_installed():
    shown = text(visit_summary_pdf(STAFF, font_dirs=()))
    assert "Zoë Ní Bhriain" in shown  # Latin-1 names print as typed with the core font
    other = text(visit_summary_pdf(replace(STAFF, patient_name="Nguyễn Ánh"), font_dirs=()))
    assert "Nguyen Ánh" in other  # outside Latin-1: the nearest letters, never a crash
