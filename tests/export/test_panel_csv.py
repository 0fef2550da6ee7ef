"""The panel's CSV: a spreadsheet shows every cell and runs none of them."""

import csv
import io
from datetime import date

import pytest

from export.panel_csv import escape_cell, panel_csv

COLUMNS = (("name", "Patient"), ("note", "Note"), ("change", "Pain change"), ("day", "Day"))


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_it_turns_a_cell_a_spreadsheet_would_run_into_text(typed):
    assert escape_cell(typed) == "'" + typed
    [_, row] = read(panel_csv([{"name": typed}], COLUMNS))
    assert row[0] == "'" + typed


def test_it_leaves_ordinary_text_and_the_apps_own_numbers_as_they_are():
    rows = [
        {
            "name": "Zoë O'Brien, Jr.",
            "note": 'said "fine"',
            "change": -1.5,
            "day": date(2026, 3, 18),
        }
    ]
    assert read(panel_csv(rows, COLUMNS)) == [
        ["Patient", "Note", "Pain change", "Day"],
        ["Zoë O'Brien, Jr.", 'said "fine"', "-1.5", "2026-03-18"],
    ]


def test_it_writes_missing_values_as_empty_cells_and_yes_or_no_for_flags():
    rows = [{"name": "Ana", "note": None, "change": float("nan"), "day": True}]
    assert read(panel_csv(rows, COLUMNS))[1] == ["Ana", "", "", "yes"]


def test_it_starts_with_a_byte_order_mark_so_spreadsheets_read_accents():
    assert panel_csv([], COLUMNS).startswith("\ufeff".encode())
