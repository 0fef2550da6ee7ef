"""The patient's one-page "my plan from here" after week 12: a view in, PDF bytes out (fpdf2;
pure, no database, no Streamlit). It holds only the patient's own plan, in plain words: movement
levels, sleep, their flare plan as typed, practice, the check-ins and questions that keep going,
and how to get help. Never a score, a band, a flag or a staff note (the view has none of them).

Fonts, footer and the Latin-1 fallback are the visit summary's (export/visit_summary.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf.enums import XPos, YPos

from export.visit_summary import FONT_DIRS, _Document, _font_dir
from program import plan_from_here_wording as w

# Long flare plans are drawn smaller, so that the plan stays on one page.
FONT_SIZES = (10.0, 9.0, 8.0, 7.0)


@dataclass(frozen=True)
class MoveLine:
    name: str
    target: int | None  # today's target, rounded as the Move screen shows it
    unit: str


@dataclass(frozen=True)
class MyPlan:
    first_name: str
    made_on: date
    clinic_name: str
    clinic_phone: str
    movement: tuple[MoveLine, ...]
    scheduling: bool  # bedtime scheduling is on
    bedtime: str | None
    wake_time: str | None
    time_in_bed: int | None  # minutes, the current window
    flare_plan: tuple[tuple[str, str], ...]  # (part, the patient's words), parts they wrote
    practice_minutes_this_week: int
    practice_used: str | None  # the practice with the most minutes
    practice_suggested_minutes: int
    peg_every_weeks: int
    mood_every_weeks: int


def _day(d: date) -> str:
    return f"{d:%B} {d.day}, {d:%Y}"


def _draw(doc: _Document, plan: MyPlan, size: float) -> None:
    h = w.HEADINGS
    gap = size / 2

    def heading(text: str) -> None:
        doc.ln(gap / 2)
        doc.set_font(doc.family_name, "B", size + 2)
        doc.cell(0, gap + 1.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def para(text: str, bold: bool = False) -> None:
        doc.set_font(doc.family_name, "B" if bold else "", size)
        doc.multi_cell(0, gap, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    doc.set_font(doc.family_name, "B", size + 6)
    doc.cell(0, gap + 4, w.TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    para(w.made_line(plan.first_name, _day(plan.made_on)))
    para(w.INTRO)
    heading(h["movement"])
    para(w.MOVE_INTRO)
    for move in plan.movement:
        para(f"- {w.move_line(move.name, move.target, move.unit)}")
    if not plan.movement:
        para(w.MOVE_NONE)
    heading(h["sleep"])
    if plan.scheduling:
        for line in w.bedtime_lines(plan.bedtime, plan.wake_time):
            para(line)
        if plan.time_in_bed:
            para(w.time_in_bed_line(plan.time_in_bed))
    else:
        for line in w.SLEEP_HABITS:
            para(line)
    heading(h["flare"])
    for part, words in plan.flare_plan:
        para(w.FLARE_LABELS[part], bold=True)
        para(words)
    if not plan.flare_plan:
        para(w.FLARE_NONE)
    doc.ln(gap / 2)
    para(w.FLARE_RULE_LINE)
    heading(h["practice"])
    for line in w.practice_lines(
        plan.practice_minutes_this_week, plan.practice_used, plan.practice_suggested_minutes
    ):
        para(line)
    heading(h["safety"])
    for line in (w.CHECK_IN, w.peg_line(plan.peg_every_weeks), w.mood_line(plan.mood_every_weeks)):
        para(f"- {line}")
    heading(h["help"])
    para(w.clinic_line(plan.clinic_name, plan.clinic_phone))
    para(w.NOT_WATCHED, bold=True)
    para(w.EMERGENCY, bold=True)


def _render(plan: MyPlan, size: float, fonts: Path | None) -> _Document:
    doc = _Document(w.FOOTER, fonts)
    doc.set_title(w.TITLE)
    doc.set_creator("Recalibrate")
    doc.add_page()
    _draw(doc, plan, size)
    return doc


def plan_from_here_pdf(plan: MyPlan, *, font_dirs: tuple[Path, ...] = FONT_DIRS) -> bytes:
    """The plan as PDF bytes: one page, in the largest type size that fits."""
    fonts = _font_dir(font_dirs)
    for size in FONT_SIZES:
        doc = _render(plan, size, fonts)
        if doc.page_no() == 1:
            break
    return bytes(doc.output())
