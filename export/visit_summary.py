"""The visit summary as a PDF: a view in, bytes out (fpdf2; pure, no database, no Streamlit).

Two audiences. The care team's version holds open flags with their explanations, the patient's
medicines notes, score bands and the meaningful-change marks. The patient's "share with my doctor"
version holds what the patient recorded and their plan, in plain words, and none of those: the
query building it leaves them out, and this renderer never prints them for a patient either.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from export.pdf_charts import bar_chart, line_chart
from program import visit_summary_wording as w

Audience = Literal["staff", "patient"]
# A Unicode font so that any name prints as typed; without it, the PDF's core font (Latin-1).
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class ScoreLine:
    title: str  # "PHQ-9 (mood)"
    taken_on: date
    total: float
    out_of: int
    band: str | None = None  # staff only


@dataclass(frozen=True)
class FlagLine:
    severity: str
    name: str
    opened_on: date
    explanation: str


@dataclass(frozen=True)
class PlanLine:
    day: date
    what: str
    reason: str


@dataclass(frozen=True)
class VisitSummary:
    audience: Audience
    clinic_name: str
    prepared: str  # when, in the clinic's time zone, as words
    patient_name: str
    date_of_birth: date
    record_number: str
    program_title: str
    start_date: date
    week: int
    weeks: int
    paused: bool
    finished: bool
    check_ins_recent: int
    recent_days: int
    lessons_done: int
    lessons_open: int
    check_ins_per_week: tuple[tuple[int, int], ...] = ()  # (week, check-ins)
    pain_days: tuple[tuple[date, float | None, float | None], ...] = ()  # day, pain, 7-day mean
    pain_first_week: float | None = None
    pain_recent: float | None = None
    peg: tuple[tuple[int, float], ...] = ()  # (week, PEG); week 0 = baseline
    scores: tuple[ScoreLine, ...] = ()
    plan_changes: tuple[PlanLine, ...] = ()
    goals: tuple[str, ...] = ()
    # Staff only (the patient's version leaves these empty, and they are never printed for it):
    pain_judgement: str = ""
    peg_judgement: str = ""
    flags: tuple[FlagLine, ...] = ()
    medicine_notes: tuple[tuple[date, str], ...] = field(default=())


def _font_dir(dirs: tuple[Path, ...]) -> Path | None:
    return next((d for d in dirs if all((d / f).is_file() for f in FONT_FILES.values())), None)


def _latin1(text: str) -> str:
    """Text the core font can draw: accents kept where Latin-1 has them, others simplified."""
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(plain or "?")
    return "".join(out)


class _Document(FPDF):
    def __init__(self, footer_text: str, fonts: Path | None) -> None:
        super().__init__(format="Letter")
        self.footer_text = footer_text
        self.unicode = fonts is not None
        if fonts is not None:
            for style, name in FONT_FILES.items():
                self.add_font("Body", style, str(fonts / name))
            self.family_name = "Body"
        else:
            self.family_name = "Helvetica"
        self.set_font(self.family_name, size=10)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)

    def normalize_text(self, text: str) -> str:  # fpdf2 hook: every string drawn passes here
        return super().normalize_text(text if self.unicode else _latin1(text))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text}  Page {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        self.keep_room(20)  # never a heading alone at the foot of a page
        self.ln(3)
        self.set_font(self.family_name, "B", 12)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.family_name, size=10)

    def para(self, text: str, size: float = 10) -> None:
        self.set_font(self.family_name, size=size)
        self.multi_cell(0, 5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.family_name, size=10)

    def keep_room(self, height: float) -> None:
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()


def _day(d: date) -> str:
    return f"{d:%b} {d.day}, {d:%Y}"


def _short(d: date) -> str:
    return f"{d:%b} {d.day}"


def _pain_chart(doc: _Document, view: VisitSummary, key: str) -> None:
    days = view.pain_days
    doc.keep_room(55)
    every = max(1, len(days) // 6)
    line_chart(
        doc,
        points=[p for _, p, _ in days],
        line=[m for _, _, m in days],
        labels=[(i, _short(d)) for i, (d, _, _) in enumerate(days) if i % every == 0],
    )
    doc.para(key, size=8)


def _peg_chart(doc: _Document, view: VisitSummary) -> None:
    doc.keep_room(45)
    bar_chart(
        doc,
        bars=[("Start" if week == 0 else f"Wk {week}", peg) for week, peg in view.peg],
        y_max=10,
    )


def _common_head(doc: _Document, view: VisitSummary, title: str, intro: str) -> None:
    doc.set_font(doc.family_name, "B", 16)
    doc.cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.para(f"{view.patient_name} · born {_day(view.date_of_birth)} · {view.record_number}")
    doc.para(f"{view.clinic_name} · prepared {view.prepared}", size=8)
    doc.ln(1)
    doc.para(intro, size=9)


def _staff(doc: _Document, view: VisitSummary) -> None:
    h = w.STAFF_HEADINGS
    _common_head(doc, view, w.STAFF_TITLE, w.STAFF_INTRO)
    doc.heading(h["program"])
    state = (
        "paused"
        if view.paused
        else "finished"
        if view.finished
        else f"week {view.week} of {view.weeks}"
    )
    doc.para(f"{view.program_title}: enrolled {_day(view.start_date)}; now {state}.")
    doc.heading(h["adherence"])
    doc.para(
        f"Check-ins: {view.check_ins_recent} of the last {view.recent_days} days. "
        f"Lessons done: {view.lessons_done} of {view.lessons_open} open so far."
    )
    if view.check_ins_per_week:
        bar_chart(doc, bars=[(f"Wk {wk}", n) for wk, n in view.check_ins_per_week], y_max=7)
    doc.heading(h["pain"])
    if view.pain_days:
        _pain_chart(doc, view, w.STAFF_CHART_KEY)
    if view.pain_judgement:
        doc.para(view.pain_judgement)
    doc.heading(h["peg"])
    if view.peg:
        _peg_chart(doc, view)
    if view.peg_judgement:
        doc.para(view.peg_judgement)
    doc.heading(h["scores"])
    for s in view.scores or ():
        band = f" ({s.band})" if s.band else ""
        doc.para(f"{s.title}: {s.total:g} of {s.out_of}{band}, {_day(s.taken_on)}")
    if not view.scores:
        doc.para("None recorded.")
    doc.heading(h["flags"])
    for f in view.flags:
        doc.para(f"[{f.severity.upper()}] {f.name}, opened {_day(f.opened_on)}")
        doc.para(f.explanation, size=9)
    if not view.flags:
        doc.para(w.STAFF_NO_FLAGS)
    if view.medicine_notes:
        doc.heading(h["notes"])
        for day, note in view.medicine_notes:
            doc.para(f"{_day(day)}: {note}", size=9)
    _plan_and_goals(doc, view, h, "None.", "None recorded.")


def _patient(doc: _Document, view: VisitSummary) -> None:
    h = w.PATIENT_HEADINGS
    _common_head(doc, view, w.PATIENT_TITLE, w.PATIENT_INTRO)
    doc.para(w.PATIENT_SAFETY, size=9)
    doc.heading(h["program"])
    doc.para(
        f"{view.program_title}. {w.week_line(view.week, view.weeks, view.paused, view.finished)}"
    )
    doc.heading(h["adherence"])
    for line in w.done_lines(view.check_ins_recent, view.recent_days, view.lessons_done):
        doc.para(line)
    doc.heading(h["pain"])
    if view.pain_days:
        _pain_chart(doc, view, w.PATIENT_CHART_KEY)
        doc.para(w.pain_change_line(view.pain_first_week, view.pain_recent))
    else:
        doc.para(w.PATIENT_NO_PAIN)
    doc.heading(h["peg"])
    if view.peg:
        _peg_chart(doc, view)
        first, last = view.peg[0][1], view.peg[-1][1]
        doc.para(w.peg_change_line(first, last if len(view.peg) > 1 else None))
    else:
        doc.para(w.PATIENT_NO_PEG)
    doc.heading(h["scores"])
    for s in view.scores:  # totals only: no band, no judgement
        doc.para(f"{s.title}: {s.total:g} of {s.out_of}, {_day(s.taken_on)}")
    if not view.scores:
        doc.para(w.PATIENT_NO_SCORES)
    _plan_and_goals(doc, view, h, w.PATIENT_NO_PLAN, w.PATIENT_NO_GOALS)


def _plan_and_goals(
    doc: _Document, view: VisitSummary, h: dict[str, str], no_plan: str, no_goals: str
) -> None:
    doc.heading(h["plan"])
    for change in view.plan_changes:
        doc.para(f"{_day(change.day)}: {change.what}. {change.reason}".strip())
    if not view.plan_changes:
        doc.para(no_plan)
    doc.heading(h["goals"])
    for goal in view.goals:
        doc.para(f"- {goal}")
    if not view.goals:
        doc.para(no_goals)


def visit_summary_pdf(view: VisitSummary, *, font_dirs: tuple[Path, ...] = FONT_DIRS) -> bytes:
    """The visit summary for ``view.audience`` as PDF bytes."""
    staff = view.audience == "staff"
    doc = _Document(w.STAFF_FOOTER if staff else w.PATIENT_FOOTER, _font_dir(font_dirs))
    doc.set_title(w.STAFF_TITLE if staff else w.PATIENT_TITLE)
    doc.set_creator("Recalibrate")
    doc.add_page()
    (_staff if staff else _patient)(doc, view)
    return bytes(doc.output())


def prepared_at(moment: datetime, zone_label: str) -> str:
    """``Mar 18, 2026 11:00 (Eastern time)`` for the "prepared" line."""
    return f"{_day(moment.date())} {moment:%H:%M} ({zone_label})"
