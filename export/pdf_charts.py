"""Small charts drawn with fpdf2's own lines, dots and bars (no browser, no plotting library).

Pure: each function draws into an ``FPDF`` page at the current position and moves below the chart.
Values are plain numbers; a missing day (None) leaves a gap, never a zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

AXIS = (90, 90, 90)
GRID = (225, 225, 225)
DOTS = (31, 111, 94)
LINE = (170, 74, 32)
BARS = (31, 111, 94)


def _frame(
    pdf: FPDF, x: float, y: float, w: float, h: float, y_max: float, ticks: Sequence[float]
) -> None:
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*GRID)
    pdf.set_font(size=7)
    pdf.set_text_color(*AXIS)
    for tick in ticks:
        ty = y + h - h * tick / y_max
        pdf.line(x, ty, x + w, ty)
        pdf.text(x - 6, ty + 1, f"{tick:g}")
    pdf.set_draw_color(*AXIS)
    pdf.line(x, y, x, y + h)
    pdf.line(x, y + h, x + w, y + h)
    pdf.set_text_color(0, 0, 0)


def _x_labels(pdf: FPDF, x: float, y: float, w: float, labels: Sequence[tuple[float, str]]) -> None:
    pdf.set_font(size=7)
    pdf.set_text_color(*AXIS)
    for share, label in labels:
        pdf.text(x + w * share - pdf.get_string_width(label) / 2, y + 4, label)
    pdf.set_text_color(0, 0, 0)


def line_chart(
    pdf: FPDF,
    *,
    points: Sequence[float | None],
    line: Sequence[float | None] = (),
    labels: Sequence[tuple[int, str]] = (),
    y_max: float = 10,
    height: float = 38,
) -> None:
    """Dots for ``points`` and a line for ``line`` (same length: one value per step) on 0..y_max."""
    x, y = pdf.l_margin + 8, pdf.get_y() + 2
    w = pdf.w - pdf.r_margin - x
    _frame(pdf, x, y, w, height, y_max, [t for t in (0, 2, 4, 6, 8, 10) if t <= y_max])
    steps = max(len(points), len(line), 2) - 1

    def at(i: int, value: float) -> tuple[float, float]:
        return x + w * i / steps, y + height - height * min(max(value, 0), y_max) / y_max

    pdf.set_fill_color(*DOTS)
    for i, value in enumerate(points):
        if value is not None:
            cx, cy = at(i, value)
            pdf.circle(cx, cy, 0.9, style="F")
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.6)
    run: list[tuple[float, float]] = []
    for i, value in enumerate([*line, None]):
        if value is None:
            if len(run) > 1:
                pdf.polyline(run)
            run = []
        else:
            run.append(at(i, value))
    pdf.set_line_width(0.2)
    _x_labels(pdf, x, y + height, w, [(i / steps, label) for i, label in labels])
    pdf.set_y(y + height + 7)


def bar_chart(
    pdf: FPDF,
    *,
    bars: Sequence[tuple[str, float]],
    y_max: float,
    height: float = 28,
) -> None:
    """One bar per (label, value) on 0..y_max."""
    x, y = pdf.l_margin + 8, pdf.get_y() + 2
    w = pdf.w - pdf.r_margin - x
    ticks = [0, y_max / 2, y_max] if y_max > 0 else [0]
    _frame(pdf, x, y, w, height, max(y_max, 1), ticks)
    slot = w / max(len(bars), 1)
    pdf.set_fill_color(*BARS)
    for i, (_, value) in enumerate(bars):
        bar = height * min(value, y_max) / max(y_max, 1)
        if bar > 0:
            pdf.rect(x + slot * i + slot * 0.2, y + height - bar, slot * 0.6, bar, style="F")
    _x_labels(
        pdf, x, y + height, w, [((i + 0.5) / max(len(bars), 1), b[0]) for i, b in enumerate(bars)]
    )
    pdf.set_y(y + height + 7)
