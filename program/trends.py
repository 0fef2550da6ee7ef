"""Check-in trends for the care team: pain (with its 7-day mean), sleep, mood and stress by day.

Pure pandas. One row per calendar day from the first check-in to ``today``; days without a
check-in stay missing (never filled in), and the 7-day mean is Progress's (analytics.daily_pain).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from program.analytics import daily_pain

CHECK_IN_COLUMNS = ("local_date", "pain", "sleep_quality", "mood", "stress", "flare")
TREND_COLUMNS = ("date", "pain", "mean_7d", "sleep_quality", "mood", "stress", "flare")


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
