"""Daily trends as charts for the care team: one widget, used by the patient detail and beside
the clinician's plan. Pain, sleep, mood and stress from the check-ins, then movement (share of the
day's target done) and practice minutes. Draws only; the numbers come from program.trends.
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


def _x(trends: pd.DataFrame) -> alt.X:
    """The days shown, the same on every chart (a chart's own data may start later)."""
    first, last = trends["date"].min(), trends["date"].max()
    return alt.X(
        "date:T",
        title=None,
        axis=alt.Axis(format="%b %d", labelAngle=0, tickCount=4),
        scale=alt.Scale(domain=[first.isoformat(), last.isoformat()]),
    )


def pain_chart(trends: pd.DataFrame) -> alt.Chart:
    """Daily pain as dots, the 7-day mean as a line (days without a check-in stay gaps)."""
    base = alt.Chart(trends).encode(x=_x(trends))
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
            x=_x(trends),
            y=alt.Y(f"{column}:Q", title=axis, scale=alt.Scale(domain=[1, 5])),
            tooltip=[alt.Tooltip("date:T", title="Day"), alt.Tooltip(f"{column}:Q")],
        )
        .properties(height=HEIGHT, title=title)
    )


def movement_chart(trends: pd.DataFrame) -> alt.Chart:
    """The share of the day's movement target done, with the target itself as a line at 100%."""
    top = max(150.0, float(trends["movement_share"].max()))
    scale = alt.Scale(domain=[0, top])
    dots = (
        alt.Chart(trends)
        .mark_circle(color=LINE, size=30)
        .encode(
            x=_x(trends),
            y=alt.Y("movement_share:Q", title="% of target", scale=scale),
            tooltip=[
                alt.Tooltip("date:T", title="Day"),
                alt.Tooltip("movement_share:Q", title="% of target"),
            ],
        )
    )
    target = alt.Chart(pd.DataFrame({"y": [100]})).mark_rule(color=DOT).encode(y="y:Q")
    return (dots + target).properties(
        height=HEIGHT, title="Movement: share of the day's target done"
    )


def practice_chart(trends: pd.DataFrame) -> alt.Chart:
    """Breathing and mindfulness minutes by day."""
    return (
        alt.Chart(trends)
        .mark_bar(color=LINE)
        .encode(
            x=_x(trends),
            y=alt.Y("practice_minutes:Q", title="Minutes"),
            tooltip=[
                alt.Tooltip("date:T", title="Day"),
                alt.Tooltip("practice_minutes:Q", title="Minutes"),
            ],
        )
        .properties(height=HEIGHT, title="Practice: breathing and mindfulness minutes")
    )


def _summary(recent: pd.DataFrame) -> str:
    shown = int(recent["pain"].notna().sum())
    flares = int(recent["flare"].sum())
    moved = int(recent["movement_share"].notna().sum())
    minutes = int(recent["practice_minutes"].sum())
    first, last = recent["date"].min(), recent["date"].max()
    return (
        f"{first:%b %d} to {last:%b %d}: {shown} check-ins, {flares} flare days, "
        f"{moved} days with movement logged, {minutes} practice minutes."
    )


def show_trends(trends: pd.DataFrame, *, days: int = 90) -> None:
    """Pain, sleep, mood and stress, then movement and practice, over the last ``days`` days
    (one chart each, stacked, readable at 390 px; a chart without data is left out)."""
    if trends.empty:
        st.info("No check-ins, movement or practice yet.")
        return
    recent = trends[trends["date"] >= trends["date"].max() - pd.Timedelta(days=days - 1)]
    st.caption(_summary(recent))
    if recent["pain"].notna().any():
        st.altair_chart(
            pain_chart(recent),
            width="stretch",
            alt=f"Daily pain and its 7-day mean, last {days} days",
        )
        for column, axis, title in SCALES:
            st.altair_chart(
                scale_chart(recent, column, axis, title),
                width="stretch",
                alt=f"{title}, last {days} days",
            )
    else:
        st.caption("No check-ins in these days.")
    if recent["movement_share"].notna().any():
        st.altair_chart(
            movement_chart(recent),
            width="stretch",
            alt=f"Movement done as a share of the target, last {days} days",
        )
    if recent["practice_minutes"].sum() > 0:
        st.altair_chart(
            practice_chart(recent),
            width="stretch",
            alt=f"Practice minutes by day, last {days} days",
        )
