"""The panel's filters, sorting and paging (program.panel), on a small table."""

from datetime import date

import pandas as pd

from program.panel import PanelFilters, apply_filters, page_of

ROWS = pd.DataFrame(
    {
        "patient_id": [1, 2, 3, 4],
        "name": ["Ana Ruiz", "Ben Okafor", "Cai Lin", "Dee Ruiz"],
        "given_name": ["Ana", "Ben", "Cai", "Dee"],
        "family_name": ["Ruiz", "Okafor", "Lin", "Ruiz"],
        "record_number": ["R-1", "R-2", "R-3", "R-4"],
        "emergency": [0, 1, 0, 0],
        "urgent": [1, 0, 0, 0],
        "soon": [0, 0, 0, 2],
        "routine": [0, 0, 0, 0],
        "adherence": [0.9, 0.4, None, 0.7],
        "days_since_check_in": pd.array([0, 6, None, 2], "Int64"),
        "last_check_in": [date(2026, 3, 18), date(2026, 3, 12), None, date(2026, 3, 16)],
        "week": pd.array([3, 8, 0, 12], "Int64"),
        "mean_pain_7d": [5.0, None, None, 7.0],
        "pain_change": [-1.0, None, None, 2.5],
        "follow_up": [None, "scheduled", "requested", None],
    }
)


def names(f: PanelFilters) -> list[str]:
    return apply_filters(ROWS, f)["name"].tolist()


def test_it_finds_patients_by_name_or_record_number():
    assert names(PanelFilters(search="ruiz")) == ["Ana Ruiz", "Dee Ruiz"]
    assert names(PanelFilters(search=" r-3 ")) == ["Cai Lin"]


def test_it_filters_by_flag_adherence_quiet_days_and_week():
    assert names(PanelFilters(severities=("emergency", "soon"))) == ["Ben Okafor", "Dee Ruiz"]
    assert names(PanelFilters(adherence_below=0.75)) == ["Ben Okafor", "Dee Ruiz"]
    # Never checked in counts as quiet.
    assert names(PanelFilters(quiet_days=5)) == ["Ben Okafor", "Cai Lin"]
    assert names(PanelFilters(weeks=(4, 12))) == ["Ben Okafor", "Dee Ruiz"]
    assert names(PanelFilters(follow_up=True)) == ["Ben Okafor", "Cai Lin"]


def test_it_sorts_most_urgent_first_by_default_and_as_asked():
    assert names(PanelFilters()) == ["Ben Okafor", "Ana Ruiz", "Dee Ruiz", "Cai Lin"]
    assert names(PanelFilters(sort="Lowest adherence")) == [
        "Ben Okafor",
        "Dee Ruiz",
        "Ana Ruiz",
        "Cai Lin",
    ]
    assert names(PanelFilters(sort="Name"))[:2] == ["Cai Lin", "Ben Okafor"]


def test_it_pages_and_clamps_the_page_number():
    rows, pages = page_of(ROWS, 2, size=3)
    assert pages == 2 and rows["name"].tolist() == ["Dee Ruiz"]
    assert page_of(ROWS, 9, size=3)[0]["name"].tolist() == ["Dee Ruiz"]
    assert page_of(ROWS.iloc[:0], 1)[1] == 1
