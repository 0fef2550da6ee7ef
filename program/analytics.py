"""Progress for one patient: pain trend, PEG change, adherence and streaks, and how to word them.

Pure pandas, no Streamlit and no database. Framing follows CLINICAL.md ("How progress is
framed"): patients see their own change from their first week in plain words; a change that passes
a meaningful threshold is named warmly; anything else is stated plainly, never as a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from program.defaults import DEFAULTS
from program.measures import meaningful_peg_change

# The thresholds and the 7-day window are design choices in program.defaults (DEFAULTS); pass other
# values as parameters.

PAIN_COLUMNS = ["date", "pain", "mean_7d"]


@dataclass(frozen=True)
class PainChange:
    first_week: float
    recent: float
    fall: float  # fraction of the first week's mean (negative when pain is higher)
    meaningful: bool


@dataclass(frozen=True)
class PegChange:
    baseline: float
    latest: float | None  # None while only the baseline PEG exists
    meaningful: bool


# --- pain -------------------------------------------------------------------------------------


def daily_pain(
    check_ins: pd.DataFrame,
    end: date,
    *,
    window: int = DEFAULTS.pain_window_days,
    min_days: int = DEFAULTS.pain_min_days,
) -> pd.DataFrame:
    """One row per calendar day from the first check-in to ``end``: pain (NaN when missing), 7-day mean.

    ``check_ins`` has columns ``local_date`` and ``pain``. Missing days stay missing: the mean is
    taken over the check-ins inside each 7-day window, and only when there are ``min_days`` of them.
    """
    if check_ins.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in PAIN_COLUMNS}).astype(
            {"date": "datetime64[ns]"}
        )
    pain = check_ins.assign(date=pd.to_datetime(check_ins["local_date"])).set_index("date")["pain"]
    first = pain.index.min()
    days = pd.date_range(first, max(pd.Timestamp(end), pain.index.max()), freq="D", name="date")
    pain = pain.astype("float64").groupby(level=0).last().reindex(days)
    mean = pain.rolling(window, min_periods=min_days).mean()
    return pd.DataFrame({"pain": pain, "mean_7d": mean}).reset_index()[PAIN_COLUMNS]


def recent_mean_pain(
    pain_by_day: Mapping[date, float],
    today: date,
    *,
    window: int = DEFAULTS.pain_window_days,
    min_days: int = DEFAULTS.pain_min_days,
) -> float | None:
    """Mean pain of the ``window`` days ending ``today`` (the patient's local date), or None.

    The rule of ``daily_pain``'s ``mean_7d`` on ``today``, for one patient's check-ins by local
    date: days without a check-in stay missing, and fewer than ``min_days`` check-ins give no mean.
    The care team's panel uses it so that its "7-day mean" is the one the patient sees.
    """
    first = today - timedelta(days=window - 1)
    values = [float(p) for day, p in pain_by_day.items() if first <= day <= today]
    return sum(values) / len(values) if len(values) >= max(1, min_days) else None


def _window_mean(pain: pd.DataFrame, first: pd.Timestamp, days: int, min_days: int) -> float | None:
    inside = pain[(pain["date"] >= first) & (pain["date"] < first + pd.Timedelta(days=days))]
    values = inside["pain"].dropna()
    return float(values.mean()) if len(values) >= min_days else None


def compare_pain(
    pain: pd.DataFrame,
    today: date,
    *,
    reference: tuple[date, date] | None = None,
    threshold: float = DEFAULTS.pain_meaningful_fall,
    window: int = DEFAULTS.pain_window_days,
    min_days: int = DEFAULTS.pain_min_days,
) -> PainChange | None:
    """The last 7 days' mean pain against the patient's first week.

    The first week is ``reference`` (first and last day, e.g. the baseline week) when it holds
    ``min_days`` check-ins, else the 7 days from the first check-in. None until both have
    ``min_days`` check-ins and the last 7 days begin after the first week ends.
    """
    known = pain.dropna(subset=["pain"])
    if known.empty:
        return None
    first_week = None
    if reference is not None:
        first, last = pd.Timestamp(reference[0]), pd.Timestamp(reference[1])
        first_week = _window_mean(pain, first, (last - first).days + 1, min_days)
    if first_week is None:
        first = known["date"].min()
        last = first + pd.Timedelta(days=window - 1)
        first_week = _window_mean(pain, first, window, min_days)
    recent_start = pd.Timestamp(today) - pd.Timedelta(days=window - 1)
    if first_week is None or recent_start <= last:
        return None
    recent = _window_mean(pain, recent_start, window, min_days)
    if recent is None:
        return None
    fall = (first_week - recent) / first_week if first_week > 0 else 0.0
    return PainChange(first_week, recent, fall, first_week > 0 and round(fall, 6) >= threshold)


# --- PEG --------------------------------------------------------------------------------------


def weekly_peg(responses: pd.DataFrame) -> pd.DataFrame:
    """The latest PEG of each program week (0 = baseline): columns ``week``, ``peg``.

    ``responses`` has columns ``program_week``, ``taken_at`` and ``total``.
    """
    if responses.empty:
        return pd.DataFrame({"week": pd.Series(dtype="int64"), "peg": pd.Series(dtype="float64")})
    latest = responses.sort_values("taken_at").groupby("program_week", as_index=False).last()
    frame = latest.rename(columns={"program_week": "week", "total": "peg"})[["week", "peg"]]
    return frame.astype({"week": "int64", "peg": "float64"}).reset_index(drop=True)


def compare_peg(
    weekly: pd.DataFrame, *, threshold: float = DEFAULTS.peg_meaningful_change
) -> PegChange | None:
    """The latest weekly PEG against the baseline (week 0, else the earliest week)."""
    if weekly.empty:
        return None
    ordered = weekly.sort_values("week")
    baseline = float(ordered["peg"].iloc[0])
    if len(ordered) == 1:
        return PegChange(baseline, None, False)
    latest = float(ordered["peg"].iloc[-1])
    return PegChange(baseline, latest, meaningful_peg_change(baseline, latest, threshold=threshold))


# --- adherence --------------------------------------------------------------------------------


def per_week(weeks: Iterable[int], through_week: int, column: str) -> pd.DataFrame:
    """Count of items per program week, weeks 1..``through_week`` all present (zeros included)."""
    counts = pd.Series(list(weeks), dtype="int64").value_counts()
    last = max(through_week, int(counts.index.max()) if not counts.empty else 0)
    index = pd.RangeIndex(1, last + 1, name="week")
    frame = counts.reindex(index, fill_value=0).rename(column).reset_index()
    return frame.astype({"week": "int64", column: "int64"})


def first_completions(completions: pd.DataFrame) -> pd.DataFrame:
    """Each module's first completion (re-doing a lesson does not count it twice)."""
    if completions.empty:
        return completions
    return completions.sort_values("local_date").drop_duplicates("module_id", keep="first")


def kept_days(
    check_in_dates: Iterable[date], flare_dates: Iterable[date], rest_dates: Iterable[date]
) -> set[date]:
    """Days that count as kept: a check-in, a logged flare day, or a planned rest (or paused) day."""
    return set(check_in_dates) | set(flare_dates) | set(rest_dates)


def current_streak(kept: set[date], today: date) -> int:
    """Kept days in a row up to today; today still counts as open until it is over."""
    day = today if today in kept else today - timedelta(days=1)
    streak = 0
    while day in kept:
        streak += 1
        day -= timedelta(days=1)
    return streak


# --- words for patients -----------------------------------------------------------------------


def pain_message(change: PainChange | None) -> str:
    """Plain words about the patient's own pain change; warm only when it passes the threshold."""
    if change is None:
        return (
            "After a few more check-ins, you will see how your pain now compares with your "
            "first week."
        )
    text = (
        f"Your average pain over the last 7 days is {change.recent:.1f} out of 10. "
        f"In your first week it was {change.first_week:.1f}."
    )
    if change.meaningful:
        text += " That is a big change, and you worked hard for it. Well done!"
    return text


def peg_message(change: PegChange | None) -> str:
    """Plain words about the weekly PEG score; warm only when it passes the threshold."""
    if change is None:
        return "Your weekly score will show here after you fill in the weekly questions."
    if change.latest is None:
        return (
            f"Your first weekly score was {change.baseline:.1f} out of 10. "
            "Each week you will see how it compares."
        )
    text = (
        f"Your latest weekly score is {change.latest:.1f} out of 10. "
        f"At the start it was {change.baseline:.1f}."
    )
    if change.meaningful:
        text += " That is a real step forward in your daily life. Well done!"
    return text


def _times(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def streak_message(streak: int) -> str:
    """Recognise a run of kept days; never count a break against the patient."""
    if streak >= 2:
        return f"You have kept to your plan {streak} days in a row. Rest days and flare days count too."
    return "Each day you check in counts. Rest days and flare days count too."


def adherence_message(check_ins: int, lessons: int) -> str:
    """What the patient has done so far, counted up (never what is left undone, never a zero)."""
    done = []
    if check_ins:
        done.append(f"checked in {_times(check_ins, 'time', 'times')}")
    if lessons:
        done.append(f"done {_times(lessons, 'lesson', 'lessons')}")
    if not done:
        return "Your check-ins and lessons will show here as you go."
    return f"So far you have {' and '.join(done)}."
