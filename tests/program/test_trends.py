"""The care team's daily trends: check-ins, movement and practice on one row per day."""

from datetime import date

import pandas as pd

from program.trends import CHECK_IN_COLUMNS, daily_trends

TODAY = date(2026, 3, 6)


def frame(columns, rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def test_it_averages_the_share_of_target_done_over_the_days_exercises():
    movement = [(date(2026, 3, 4), 5, 10), (date(2026, 3, 4), 12, 12), (date(2026, 3, 5), 15, 10)]
    trends = daily_trends(frame(CHECK_IN_COLUMNS, []), movement, [], TODAY).set_index("date")
    assert trends["movement_share"].tolist()[:2] == [75.0, 150.0]  # minutes and reps alike
    assert pd.isna(trends.loc["2026-03-06", "movement_share"])  # nothing logged: a gap


def test_it_adds_up_practice_minutes_and_counts_a_day_without_a_session_as_zero():
    practice = [(date(2026, 3, 3), 5), (date(2026, 3, 3), 10)]
    check_ins = frame(CHECK_IN_COLUMNS, [(date(2026, 3, 5), 4, 3, 3, 2, True)])
    trends = daily_trends(check_ins, [], practice, TODAY)
    assert trends["date"].dt.date.tolist() == [date(2026, 3, d) for d in range(3, 7)]
    assert trends["practice_minutes"].tolist() == [15.0, 0.0, 0.0, 0.0]
    assert trends["pain"].isna().tolist() == [True, True, False, True]  # never filled in
    assert trends["flare"].tolist() == [False, False, True, False]


def test_it_is_empty_without_any_record():
    trends = daily_trends(frame(CHECK_IN_COLUMNS, []), [], [], TODAY)
    assert trends.empty and "movement_share" in trends and "practice_minutes" in trends
