"""Check-in trends as charts for the care team: one widget, used by the patient detail and (after
merge) beside the clinician's plan. Draws only; the numbers come from program.trends.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

DOT, LINE = "#9DB4D0", "#1F5FA8"
HEIGHT = 180
SCALES = (
    ("sleep_quality", "Sleep", "Sleep: 1 very poor, 5 very good"),
    ("mood", "Mood", "Mood: 1 very low, 5 very good"),
    ("stress", "Stress", "Stress: 1 very low, 5 very high"),
)


def _x() -> alt.X:
    return alt.X("date:T", title=None, axis=alt.Axis(format="%b %d", labelAngle=0, tickCount=4))


def pain_chart(trends: pd.DataFrame) -> alt.Chart:
    """Daily pain as dots, the 7-day mean as a line (days without a check-in stay gaps)."""
    base = alt.Chart(trends).encode(x=_x())
    scale = alt.Scale(domain=[0, 10])
    dots = base.mark_circle(color=DOT, size=30).encode(
        y=alt.Y("pain:Q", title="Pain (0 to 10)", scale=scale),
        tooltip=[alt.Tooltip("date:T", title="Day"), alt.Tooltip("pain:Q", title="Pain")],
    )
    mean = base.mark_line(color=LINE, strokeWidth=2).encode(y=alt.Y("mean_7d:Q", scale=scale))
    return (dots + mean).properties(height=HEIGHT)


def scale_chart(trends: pd.DataFrame, column: str, axis: str, title: str) -> alt.Chart:
    """A 1-5 answer by day (the scale's meaning in the title: a phone's axis is short)."""
    return (
        alt.Chart(trends)
        .mark_line(color=LINE, point=alt.OverlayMarkDef(color=LINE, size=20))
        .encode(
            x=_x(),
            y=alt.Y(f"{column}:Q", title=axis, scale=alt.Scale(domain=[1, 5])),
            tooltip=[alt.Tooltip("date:T", title="Day"), alt.Tooltip(f"{column}:Q")],
        )
        .properties(height=HEIGHT, title=title)
    )


def show_trends(trends: pd.DataFrame, *, days: int = 90) -> None:
    """Pain, then sleep, mood and stress, over the last ``days`` days (one chart each, stacked,
    readable at 390 px)."""
    if trends.empty or trends["pain"].notna().sum() == 0:
        st.info("No check-ins yet.")
        return
    recent = trends[trends["date"] >= trends["date"].max() - pd.Timedelta(days=days - 1)]
    shown = recent["pain"].notna().sum()
    flares = int(recent["flare"].sum())
    st.caption(f"Last {days} days: {shown} check-ins, {flares} flare days.")
    st.altair_chart(
        pain_chart(recent), width="stretch", alt=f"Daily pain and its 7-day mean, last {days} days"
    )
    for column, axis, title in SCALES:
        st.altair_chart(
            scale_chart(recent, column, axis, title),
            width="stretch",
            alt=f"{title}, last {days} days",
        )
