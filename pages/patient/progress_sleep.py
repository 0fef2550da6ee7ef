"""Progress, the sleep part: weekly mean sleep and the share of time in bed asleep, kindly framed."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from db.access import Actor
from db.queries import sleep_for_patient
from program import sleep_wording as w

# The calm colours of Progress (pages/patient/progress.py): blues and greys, never red.
BAR, LINE = "#9DB4D0", "#1F5FA8"


def _chart(weeks: pd.DataFrame) -> alt.Chart:
    x = alt.X("label:N", title=None, sort=weeks["label"].tolist(), axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("label:N", title="Week"),
        alt.Tooltip("hours:Q", title="Hours asleep a night", format=".1f"),
        alt.Tooltip("efficiency:Q", title="% of time in bed asleep", format=".0f"),
        alt.Tooltip("nights:Q", title="Nights written down"),
    ]
    bars = (
        alt.Chart(weeks)
        .mark_bar(color=BAR)
        .encode(
            x=x,
            y=alt.Y("hours:Q", title="Hours asleep", scale=alt.Scale(domain=[0, 10])),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(weeks)
        .mark_line(color=LINE, strokeWidth=3, point=alt.OverlayMarkDef(color=LINE, size=60))
        .encode(
            x=x,
            y=alt.Y("efficiency:Q", title="% asleep", scale=alt.Scale(domain=[0, 100])),
            tooltip=tooltip,
        )
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=220)


def sleep_progress(actor: Actor) -> None:
    """The sleep section of Progress: nothing to judge, the patient's own weeks side by side."""
    view = sleep_for_patient(actor=actor)
    st.subheader(w.PROGRESS_SLEEP_TITLE)
    text = w.progress_sleep_text(len(view.entries), view.latest_week)
    st.markdown(text)
    if not view.weeks:
        return
    weeks = pd.DataFrame(
        [
            {
                "label": "Start" if week == 0 else f"Wk {week}",
                "hours": round(s.mean_total_sleep / 60, 2),
                "efficiency": s.efficiency,
                "nights": s.nights,
            }
            for week, s in view.weeks.items()
        ]
    )
    st.caption(w.PROGRESS_SLEEP_HINT)
    st.altair_chart(_chart(weeks), width="stretch", alt=f"Chart of your sleep by week. {text}")
