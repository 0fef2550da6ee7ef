"""Progress: the patient's own change since their first week, then, apart, what they have done."""

import altair as alt
import pandas as pd
import streamlit as st

from db.queries import progress_for_patient
from pages.patient.goals_editor import goal_editor
from pages.patient.progress_movement import movement_progress
from pages.patient.progress_practice import practice_progress
from pages.patient.progress_share import share_with_my_doctor
from pages.patient.progress_sleep import sleep_progress
from pages.shell.common import current_actor, help_footer
from pages.shell.plain import plain
from program import wording as w

# Calm colours only: blues and greys, never red (CLINICAL.md, "How progress is framed").
DOT, LINE, BAR, RULE = "#9DB4D0", "#1F5FA8", "#4C78A8", "#8A8A8A"
HEIGHT = 220

actor = current_actor()
view = progress_for_patient(actor=actor)


def show(chart: alt.Chart, alt_text: str) -> None:
    st.altair_chart(chart.properties(height=HEIGHT), width="stretch", alt=alt_text)


def framed(text: str, meaningful: bool) -> None:
    """Warm recognition when a change passes its threshold; plain words otherwise."""
    if meaningful:
        st.success(text, icon=":material/celebration:")
    else:
        st.markdown(text)


def pain_chart(pain: pd.DataFrame) -> alt.Chart:
    base = alt.Chart(pain).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %d", labelAngle=0, tickCount=4))
    )
    scale = alt.Scale(domain=[0, 10])
    dots = base.mark_circle(size=45, color=DOT).encode(
        y=alt.Y("pain:Q", title="Pain (0 to 10)", scale=scale),
        tooltip=[alt.Tooltip("date:T", title="Day"), alt.Tooltip("pain:Q", title="Pain")],
    )
    mean = base.mark_line(color=LINE, strokeWidth=3).encode(y=alt.Y("mean_7d:Q", scale=scale))
    return dots + mean


def peg_chart(peg: pd.DataFrame, baseline: float) -> alt.Chart:
    labelled = peg.assign(label=peg["week"].map(lambda n: "Start" if n == 0 else f"Wk {n}"))
    order = labelled["label"].tolist()
    x = alt.X("label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0))
    scale = alt.Scale(domain=[0, 10])
    line = (
        alt.Chart(labelled)
        .mark_line(color=LINE, strokeWidth=3, point=alt.OverlayMarkDef(color=LINE, size=60))
        .encode(x=x, y=alt.Y("peg:Q", title="Weekly score (0 to 10)", scale=scale))
    )
    start = (
        alt.Chart(pd.DataFrame({"peg": [baseline]}))
        .mark_rule(color=RULE, strokeDash=[4, 4])
        .encode(y="peg:Q")
    )
    return line + start


def bar_chart(frame: pd.DataFrame, column: str, title: str) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar(color=BAR)
        .encode(
            x=alt.X("week:O", title="Week", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{column}:Q", title=title, axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("week:O", title="Week"), alt.Tooltip(f"{column}:Q", title=title)],
        )
    )


st.title(w.PROGRESS_TITLE)
st.caption(w.PROGRESS_INTRO)

st.header(w.OUTCOMES, divider="gray")
st.subheader(w.PAIN_TITLE)
pain_meaningful = view.pain_change is not None and view.pain_change.meaningful
framed(view.pain_text, pain_meaningful)
if view.pain["pain"].notna().any():
    st.caption(w.PAIN_CHART_HINT)
    show(pain_chart(view.pain), f"Chart of daily pain with a 7-day average. {view.pain_text}")

st.subheader(w.PEG_TITLE)
st.caption(w.PEG_HINT)
framed(view.peg_text, view.peg_change is not None and view.peg_change.meaningful)
if view.peg_change is not None:
    show(
        peg_chart(view.peg, view.peg_change.baseline),
        f"Chart of your weekly score. {w.PEG_CHART_HINT} {view.peg_text}",
    )

sleep_progress(actor)

st.subheader(w.GOALS_TITLE)
if view.goals:
    st.markdown(
        "\n".join(
            f"- :material/check_circle: {plain(goal.text)}"
            if goal.achieved
            else f"- {plain(goal.text)}"
            for goal in view.goals
        )
    )
else:
    st.caption(w.NO_GOALS)
goal_editor(actor, view.goals)

st.header(w.DONE_SO_FAR, divider="gray")
st.markdown(view.adherence_text)
st.markdown(view.streak_text)
movement_progress(actor)
if view.lessons_done:
    st.subheader(w.LESSONS_TITLE)
    frame = view.lessons_per_week
    this_week = int(frame.loc[frame["week"] == view.week, "lessons"].sum())
    summary = w.lessons_summary(view.lessons_done, this_week)
    st.markdown(summary)
    show(bar_chart(view.lessons_per_week, "lessons", "Lessons"), f"Bar chart. {summary}")
if view.check_ins and not view.check_ins_per_week.empty:
    st.subheader(w.CHECK_INS_TITLE)
    summary = w.check_ins_summary(view.check_ins)
    st.markdown(summary)
    show(bar_chart(view.check_ins_per_week, "check_ins", "Check-ins"), f"Bar chart. {summary}")
practice_progress(actor)

share_with_my_doctor(actor)  # the PDF to take to a doctor (pages/patient/progress_share.py)
help_footer()
