"""Progress, the practice part: minutes of breathing and mindfulness practice, week by week."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from db.access import Actor
from db.queries import practice_for_patient
from program import practice_wording as w

BAR = "#4C78A8"  # the bar colour of Progress's other "done" charts


def practice_progress(actor: Actor) -> None:
    """Minutes practised in all and per program week (a functional win, never a score)."""
    view = practice_for_patient(actor=actor)
    st.subheader(w.PROGRESS_PRACTICE_TITLE)
    if not view.sessions:
        st.markdown(w.PROGRESS_NO_PRACTICE)
        return
    text = w.progress_practice_text(view.total_minutes, view.sessions)
    st.markdown(text)
    if not view.minutes_by_week:
        return
    frame = pd.DataFrame(
        [
            {"label": "Start" if week == 0 else f"Wk {week}", "minutes": minutes}
            for week, minutes in view.minutes_by_week.items()
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar(color=BAR)
        .encode(
            x=alt.X(
                "label:N", title=None, sort=frame["label"].tolist(), axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("minutes:Q", title="Minutes", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("label:N", title="Week"),
                alt.Tooltip("minutes:Q", title="Minutes"),
            ],
        )
        .properties(height=200)
    )
    st.altair_chart(chart, width="stretch", alt=f"Bar chart of minutes practised. {text}")
