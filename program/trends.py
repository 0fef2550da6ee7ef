"""Daily trends for the care team: pain (with its 7-day mean), sleep, mood and stress from the
check-ins, movement (share of the day's target done) and practice minutes.

Pure pandas. One row per calendar day from the first record to ``today``; days without a
check-in or a movement log stay missing (never filled in), the 7-day mean is Progress's
(analytics.daily_pain), and a day without a practice session is 0 minutes (every session done in
the app is saved).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from program.analytics import daily_pain

CHECK_IN_COLUMNS = ("local_date", "pain", "sleep_quality", "mood", "stress", "flare")
TREND_COLUMNS = ("date", "pain", "mean_7d", "sleep_quality", "mood", "stress", "flare")
MOVEMENT_COLUMNS = ("local_date", "amount", "target")
PRACTICE_COLUMNS = ("local_date", "minutes")
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


def _by_day(frame: pd.DataFrame, column: str, how: str) -> pd.Series:
    days = pd.DatetimeIndex(pd.to_datetime(frame["local_date"]), name="date")
    values = pd.Series(frame[column].astype("float64").to_numpy(), index=days)
    return values.groupby(level=0).agg(how)


def daily_trends(
    check_ins: pd.DataFrame, movement: pd.DataFrame, practice: pd.DataFrame, today: date
) -> pd.DataFrame:
    """One row per day (DAILY_COLUMNS) from the check-ins (CHECK_IN_COLUMNS), the movement logs
    (MOVEMENT_COLUMNS) and the practice sessions (PRACTICE_COLUMNS).

    ``movement_share`` is the day's amount done as a percent of its target, the mean over the
    exercises logged that day (units differ between exercises, shares do not).
    """
    base = check_in_trends(check_ins, today).set_index("date")
    movement = movement.assign(share=movement["amount"] / movement["target"] * 100)
    share = _by_day(movement, "share", "mean")
    minutes = _by_day(practice, "minutes", "sum")
    found = [s.index for s in (base, share, minutes) if len(s)]
    if not found:
        empty = {c: pd.Series(dtype="float64") for c in DAILY_COLUMNS}
        return pd.DataFrame(empty).astype({"date": "datetime64[ns]", "flare": bool})
    first = min(index.min() for index in found)
    last = max([pd.Timestamp(today), *(index.max() for index in found)])
    days = pd.date_range(first, last, freq="D", name="date")
    out = base.reindex(days)
    out["flare"] = out["flare"].astype("boolean").fillna(False).astype(bool)
    out["movement_share"] = share.reindex(days).round(0)
    out["practice_minutes"] = minutes.reindex(days).fillna(0.0)
    return out.reset_index()[list(DAILY_COLUMNS)]
