"""The care team's panel as a table: derived columns, meaningful-change marks, filters, sorting,
paging. Pure pandas (no database, no Streamlit), vectorized: a panel may hold 20,000 patients.

The marks are judgements for staff only (CLINICAL.md "How progress is framed"): a fall in the
7-day mean pain of at least 30% of the first week's (IMMPACT), a rise of 2 points or more (the
worsening rule's line); a PEG fall of at least 1 point from baseline (Reed 2023), a rise of 1 point
or more. The pain comparison is the one the patient's Progress makes (analytics.compare_pain):
the baseline week when it holds enough check-ins, else the first 7 days from the first check-in,
and only once the last 7 days begin after that first week.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from program.defaults import DEFAULTS
from program.measures import SCHEDULE
from program.panel_summary import (
    answers_cover,
    questionnaires_answered,
    recent_values,
    recent_windows,
    strip_covers,
)
from program.vocabulary import SEVERITY_ORDER, EnrolmentStatus

SEVERITY_COLUMNS = [s.value for s in SEVERITY_ORDER]
PANEL_COLUMNS = [
    "patient_id",
    "name",
    "record_number",
    "week",
    "last_check_in",
    "mean_pain_7d",
    *SEVERITY_COLUMNS,
    "open_flags",
]
MORE_COLUMNS = [
    "status",
    "days_since_check_in",
    "pain_first_week",
    "pain_change",
    "pain_mark",
    "peg_baseline",
    "peg_latest",
    "peg_change",
    "peg_mark",
    "adherence",
    "items_due",
    "items_done",
    "worst_flag",
    "follow_up",
]
ALL_COLUMNS = [*PANEL_COLUMNS, *MORE_COLUMNS]

# Marks (staff only).
PAIN_BETTER, PAIN_WORSE = "fell 30% or more", "up 2 or more"
PEG_BETTER, PEG_WORSE = "fell 1 or more", "up 1 or more"
BASELINE, NOT_ENROLLED = "baseline", "not enrolled"


_EPOCH = date(1970, 1, 1).toordinal()
_NAT = np.iinfo("int64").min  # datetime64's "not a time"


def _days(values) -> np.ndarray:
    """Dates (or None) as datetime64[D]; via day numbers, ten times faster than numpy's parser."""
    numbers = [_NAT if v is None or v != v else v.toordinal() - _EPOCH for v in values]
    return np.array(numbers, dtype="int64").view("datetime64[D]")


def _between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """b - a in days, as floats (NaN where either is missing)."""
    diff = (b - a).astype("float64")
    diff[np.isnat(a) | np.isnat(b)] = np.nan
    return diff


def first_days_pain(
    check_ins: Iterable[tuple[int, date, int]], first_days: Mapping[int, date]
) -> dict[int, float | None]:
    """Each patient's mean pain over the 7 days from their first check-in (``first_days``), as
    Progress takes it when the baseline week cannot be the first week; None with too few."""
    pains: dict[int, list[int]] = {pid: [] for pid in first_days}
    span = timedelta(days=DEFAULTS.pain_window_days - 1)
    for pid, day, pain in check_ins:
        first = first_days.get(pid)
        if first is not None and first <= day <= first + span:
            pains[pid].append(pain)
    return {
        pid: sum(values) / len(values) if len(values) >= DEFAULTS.pain_min_days else None
        for pid, values in pains.items()
    }


def lesson_due_counts(offsets: Sequence[int], first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """How many lessons fall due on program days first..last (floats, NaN-safe; 0 if none)."""
    ordered = np.sort(np.array(list(offsets), dtype="float64"))
    ok = ~(np.isnan(first) | np.isnan(last))
    counts = np.zeros(len(first))
    counts[ok] = np.searchsorted(ordered, last[ok], "right") - np.searchsorted(
        ordered, first[ok], "left"
    )
    return counts


def due_weeks(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The program weeks (1 on) whose last day, program day 7w - 1, is in first..last: (where
    there are program days at all, the first such week, the last one)."""
    ok = ~(np.isnan(first) | np.isnan(last))
    lo = np.where(ok, np.maximum(1, np.ceil((np.nan_to_num(first) + 1) / 7)), 1)
    hi = np.where(ok, np.floor((np.nan_to_num(last) + 1) / 7), 0)
    return ok, lo, hi


def questionnaire_due_counts(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Questionnaires of the program weeks (1 on) whose last day, program day 7w - 1, is in
    first..last."""
    ok, lo, hi = due_weeks(first, last)
    counts = np.zeros(len(first))
    for weeks in SCHEDULE.values():
        if isinstance(weeks, int):  # every ``weeks`` weeks: the multiples of it in lo..hi
            counts += np.maximum(0, np.floor(hi / weeks) - np.floor((lo - 1) / weeks))
        else:
            counts += sum(((lo <= w) & (w <= hi)).astype(float) for w in weeks if w >= 1)
    return np.where(ok, counts, 0)


def _weeks_due(day_a: np.ndarray, day_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and last program week whose questionnaires fall due on program days
    day_a..day_b (floats; NaN where none can: no week 1 yet)."""
    ok, lo, hi = due_weeks(day_a, day_b)
    return np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)


def _window_days(today: np.ndarray, week1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The adherence window's first and last day as program days (NaN: no week 1 yet)."""
    first = today - np.timedelta64(DEFAULTS.adherence_window_days, "D")
    last = today - np.timedelta64(1, "D")
    return _between(week1, first), _between(week1, last)


def short_strips(raw: pd.DataFrame, todays: Mapping[str, date]) -> tuple:
    """Rows whose PatientSummary strips do not reach back to today's windows (dated weeks ahead
    of the patient's today or plan; almost never): (pain strip short, answered-weeks strip short,
    each row's last program week with questionnaires due)."""
    today = _days(raw["timezone"].map(todays))
    _, (first, _) = recent_windows(today, _days(raw["start_date"]))
    pain_short = ~strip_covers(_days(raw["recent_until"]), first)
    first_week, last_week = _weeks_due(*_window_days(today, _days(raw["week1_start"])))
    newest = raw["answered_week"].astype("float64").to_numpy()
    return pain_short, ~answers_cover(newest, first_week), last_week


def derive(raw: pd.DataFrame, todays: Mapping[str, date], offsets: Sequence[int]) -> pd.DataFrame:
    """The panel's columns from the rows of ``db.queries.panel_sql`` (one per patient), with
    ``pain_first_days``: the mean of the 7 days from the first check-in, where the baseline week
    has too few check-ins for a mean (``first_days_pain``).

    Patients whose plan has pauses, holds or skips get their week and adherence from the exact
    per-patient rule afterwards (db.queries.panel); here every plan is a plain one.
    """
    frame = raw.copy()
    today = _days(frame["timezone"].map(todays))
    start = _days(frame["start_date"])
    week1 = _days(frame["week1_start"])
    enrolled = ~np.isnat(start)
    status = frame["status"].where(enrolled, NOT_ENROLLED)
    status = status.where(
        ~(enrolled & np.isnat(week1) & (status == EnrolmentStatus.ACTIVE)), BASELINE
    )
    frame["status"] = status
    since_week1 = _between(week1, today)
    week = np.where(since_week1 >= 0, np.floor(since_week1 / 7) + 1, 0)
    week = np.where(np.isnat(week1), 0, week)
    frame["week"] = pd.array(
        np.where(enrolled & (frame["status"] != EnrolmentStatus.PAUSED), week, np.nan), "Int64"
    )
    frame["days_since_check_in"] = pd.array(_between(_days(frame["last_check_in"]), today), "Int64")

    mean_pain, check_ins_done = recent_values(
        today, start, _days(frame["recent_until"]), frame["recent_pain"].tolist()
    )
    frame["check_ins_done"] = check_ins_done
    recent = pd.Series(mean_pain, index=frame.index)
    baseline_week = frame["pain_baseline_week"].astype("float64")
    first = baseline_week.fillna(frame["pain_first_days"].astype("float64"))
    first_day = _days(frame["first_day"])
    first_week_last = np.where(
        baseline_week.notna().to_numpy(),
        week1,
        first_day + np.timedelta64(DEFAULTS.pain_window_days - 1, "D"),
    )
    recent_start = today - np.timedelta64(DEFAULTS.pain_window_days - 1, "D")
    comparable = (_between(first_week_last, recent_start) > 0) & first.notna() & recent.notna()
    change = (recent - first).where(comparable)
    fall = ((first - recent) / first).where(comparable & (first > 0))
    frame["mean_pain_7d"] = recent.round(1)
    frame["pain_first_week"] = first.where(comparable).round(1)
    frame["pain_change"] = change.round(1)
    frame["pain_mark"] = np.select(
        [
            fall.round(6) >= DEFAULTS.pain_meaningful_fall,
            change.round(6) >= DEFAULTS.worsening_pain_rise,
        ],
        [PAIN_BETTER, PAIN_WORSE],
        "",
    )

    two_pegs = frame["peg_latest_week"].notna() & (
        frame["peg_latest_week"] != frame["peg_baseline_week"]
    )
    baseline = frame["peg_baseline"].astype("float64")
    latest = frame["peg_latest"].astype("float64").where(two_pegs)
    peg_change = latest - baseline
    frame["peg_baseline"] = baseline
    frame["peg_latest"] = latest
    frame["peg_change"] = peg_change.round(2)
    frame["peg_mark"] = np.select(
        [
            (-peg_change).round(6) >= DEFAULTS.peg_meaningful_change,
            peg_change.round(6) >= DEFAULTS.worsening_peg_rise,
        ],
        [PEG_BETTER, PEG_WORSE],
        "",
    )

    window_first = today - np.timedelta64(DEFAULTS.adherence_window_days, "D")
    window_last = today - np.timedelta64(1, "D")
    from_day = np.where(start > window_first, start, window_first)
    check_ins_due = np.maximum(0, _between(from_day, window_last) + 1)
    day_a, day_b = _window_days(today, week1)
    running = enrolled & frame["status"].isin([EnrolmentStatus.ACTIVE, BASELINE])
    due = np.where(
        running,
        np.nan_to_num(check_ins_due)
        + lesson_due_counts(offsets, day_a, day_b)
        + questionnaire_due_counts(day_a, day_b),
        0,
    )
    first_week, last_week = _weeks_due(day_a, day_b)
    frame["questionnaires_done"] = questionnaires_answered(
        frame["answered_week"].astype("float64").to_numpy(),
        frame["answered"].tolist(),
        first_week,
        last_week,
    )
    done = frame[["check_ins_done", "lessons_done", "questionnaires_done"]].fillna(0).sum(axis=1)
    frame["items_due"] = due.astype(int)
    frame["items_done"] = np.where(running, done, 0).astype(int)
    frame["adherence"] = (frame["items_done"] / frame["items_due"]).where(frame["items_due"] > 0)

    counts = frame[SEVERITY_COLUMNS].fillna(0).astype(int)
    frame[SEVERITY_COLUMNS] = counts
    frame["open_flags"] = counts.sum(axis=1)
    worst = np.select([counts[s] > 0 for s in SEVERITY_COLUMNS], SEVERITY_COLUMNS, "")
    frame["worst_flag"] = worst
    frame["name"] = frame["given_name"] + " " + frame["family_name"]
    frame["follow_up"] = None  # the follow-up request in progress: the store fills it in
    return frame


# --- filters, sorting and paging ---------------------------------------------------------------

# Each sort: columns, ascending per column, where missing values go.
SORTS: dict[str, tuple[list[str], list[bool], str]] = {
    "Most urgent first": (
        [*SEVERITY_COLUMNS, "last_check_in"],
        [False] * len(SEVERITY_COLUMNS) + [True],
        "first",  # never checked in: first
    ),
    "Longest without a check-in": (["days_since_check_in"], [False], "first"),
    "Lowest adherence": (["adherence"], [True], "last"),
    "Highest pain": (["mean_pain_7d"], [False], "last"),
    "Pain up the most": (["pain_change"], [False], "last"),
    "Program week": (["week"], [True], "last"),
    "Name": (["family_name", "given_name"], [True, True], "last"),
}
PAGE_SIZE = 20


@dataclass(frozen=True)
class PanelFilters:
    """What the coordinator narrowed the panel to (every field optional)."""

    search: str = ""  # in the name or the record number
    severities: tuple[str, ...] = ()  # patients with an open flag of one of these
    adherence_below: float | None = None  # 0-1
    quiet_days: int | None = None  # no check-in for at least this many days (or never)
    weeks: tuple[int, int] | None = None  # program weeks, both ends included
    follow_up: bool = False  # only patients with a follow-up request in progress
    sort: str = "Most urgent first"
    table: bool = False  # a wide screen's table instead of the phone's cards


def apply_filters(frame: pd.DataFrame, f: PanelFilters) -> pd.DataFrame:
    """The rows that pass every filter, sorted as asked."""
    keep = pd.Series(True, index=frame.index)
    if needle := f.search.strip().lower():
        keep &= frame["name"].str.lower().str.contains(needle, regex=False) | frame[
            "record_number"
        ].str.lower().str.contains(needle, regex=False)
    if f.severities:
        keep &= frame[[s for s in SEVERITY_COLUMNS if s in f.severities]].sum(axis=1) > 0
    if f.adherence_below is not None:
        keep &= frame["adherence"].lt(f.adherence_below).fillna(False)
    if f.quiet_days is not None:
        days = frame["days_since_check_in"]
        keep &= days.isna() | (days >= f.quiet_days).fillna(False)
    if f.weeks is not None:
        low, high = f.weeks
        keep &= frame["week"].between(low, high).fillna(False)
    if f.follow_up:
        keep &= frame["follow_up"].notna()
    shown = frame[keep.astype(bool)]
    by, ascending, missing = SORTS.get(f.sort, SORTS["Most urgent first"])
    return shown.sort_values(by=by, ascending=ascending, na_position=missing, kind="stable")


def page_of(frame: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> tuple[pd.DataFrame, int]:
    """Rows of page ``page`` (1-based, clamped) and how many pages there are."""
    pages = max(1, -(-len(frame) // size))
    page = min(max(1, page), pages)
    return frame.iloc[(page - 1) * size : page * size], pages
