"""Daily trends for the care team: pain (with its 7-day mean), sleep, mood and stress from the
check-ins, movement (share of the day's target done) and practice minutes.

Pure pandas. One row per calendar day from the first record to ``today``; days without a
check-in or a movement log stay missing (never filled in), the 7-day mean is Progress's
(analytics.daily_pain), and a day without a practice session is 0 minutes (every session done in
the app is saved).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import pandas as pd

from program.analytics import daily_pain

CHECK_IN_COLUMNS = ("local_date", "pain", "sleep_quality", "mood", "stress", "flare")
TREND_COLUMNS = ("date", "pain", "mean_7d", "sleep_quality", "mood", "stress", "flare")
DAILY_COLUMNS = (*TREND_COLUMNS, "movement_share", "practice_minutes")


def check_in_trends(check_ins: pd.DataFrame, today: date) -> pd.DataFrame:
    """``check_ins`` (CHECK_IN_COLUMNS) as one row per day (TREND_COLUMNS)."""
    pain = daily_pain(check_ins[["local_date", "pain"]], today)
    if check_ins.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in TREND_COLUMNS}).astype(
            {"date": "datetime64[ns]"}
        )
    others = check_ins.assign(date=pd.to_datetime(check_ins["local_date"])).set_index("date")[
        ["sleep_quality", "mood", "stress", "flare"]
    ]
    others = others.astype({"sleep_quality": "float64", "mood": "float64", "stress": "float64"})
    joined = pain.set_index("date").join(others, how="left")
    joined["flare"] = joined["flare"].astype("boolean").fillna(False).astype(bool)
    return joined.reset_index()[list(TREND_COLUMNS)]


def _shares(movement: Iterable[tuple[date, int, int]]) -> dict[date, float]:
    by_day: dict[date, list[float]] = defaultdict(list)
    for day, amount, target in movement:
        by_day[day].append(amount / target * 100)
    return {day: float(round(sum(v) / len(v))) for day, v in by_day.items()}


def _minutes(practice: Iterable[tuple[date, int]]) -> dict[date, float]:
    by_day: dict[date, float] = defaultdict(float)
    for day, minutes in practice:
        by_day[day] += minutes
    return by_day


def daily_trends(
    check_ins: pd.DataFrame,
    movement: Iterable[tuple[date, int, int]],
    practice: Iterable[tuple[date, int]],
    today: date,
) -> pd.DataFrame:
    """One row per day (DAILY_COLUMNS) from the check-ins (CHECK_IN_COLUMNS), the movement logs
    as ``(local_date, amount, target)`` rows and the practice sessions as ``(local_date, minutes)``
    rows, all up to ``today``.

    ``movement_share`` is the day's amount done as a percent of its target, the mean over the
    exercises logged that day (units differ between exercises, shares do not). Plain Python for
    the two small tables: pandas' per-call cost would outweigh their few rows.
    """
    shares, minutes = _shares(movement), _minutes(practice)
    base = check_in_trends(check_ins, today)
    first = min([*shares, *minutes], default=None)
    if first is not None and (base.empty or pd.Timestamp(first) < base["date"].min()):
        last = max(pd.Timestamp(today), base["date"].max()) if not base.empty else today
        days = pd.date_range(first, last, freq="D", name="date")
        base = base.set_index("date").reindex(days).reset_index()
        base["flare"] = base["flare"].astype("boolean").fillna(False).astype(bool)
    if base.empty:
        empty = {c: pd.Series(dtype="float64") for c in DAILY_COLUMNS}
        return pd.DataFrame(empty).astype({"date": "datetime64[ns]", "flare": bool})
    days = base["date"].dt.date
    base["movement_share"] = [shares.get(d, math.nan) for d in days]
    base["practice_minutes"] = [minutes.get(d, 0.0) for d in days]
    return base[list(DAILY_COLUMNS)]
