"""The care team's panel as CSV, safe to open in a spreadsheet. Pure: rows in, bytes out.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return) as a formula: a name typed as ``=HYPERLINK(...)`` could send data elsewhere when
a coordinator opens the file (OWASP "CSV injection"). Every text cell that begins with one of
them gets a leading apostrophe, which spreadsheets show as text and do not run. Numbers the app
computed (a pain change of -1.5) are written as numbers: they are not text anyone typed.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    """One cell as text a spreadsheet shows and never runs."""
    if hasattr(value, "item") and not isinstance(value, str):  # a numpy number
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def panel_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[tuple[str, str]]) -> bytes:
    """``rows`` as CSV with a header row; ``columns``: (key in each row, heading), in order.

    UTF-8 with a byte-order mark, so that spreadsheets read accented names correctly.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_cell(heading) for _, heading in columns])
    for row in rows:
        writer.writerow([escape_cell(row.get(key)) for key, _ in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
