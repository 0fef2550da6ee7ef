"""The plan page's pause: pause the program from a date, until a date or until resumed, or resume
it, each with a reason the patient sees. Paused days are not missed days."""

from __future__ import annotations

import streamlit as st

from db.access import Actor
from db.actions import InvalidInput, change_plan
from db.queries import PlanView
from pages.care.plan_lessons import REASON_MAX
from pages.shell.plain import plain
from program.vocabulary import PlanEventKind


def _save(actor: Actor, view: PlanView, **change: object) -> bool:
    try:
        change_plan(actor=actor, patient_id=view.patient_id, **change)
    except InvalidInput as exc:
        st.error(str(exc))
        return False
    return True


def pause_controls(actor: Actor, view: PlanView) -> None:
    for planned in view.upcoming_pauses:
        until = f" until {planned.until_date:%d %b %Y}" if planned.until_date else ""
        st.info(
            f"A pause is planned from {planned.effective_date:%d %b %Y}{until}: {plain(planned.reason)}"
        )
    if view.pause is not None:
        until = f", until {view.pause.until:%d %b %Y}" if view.pause.until else ", until resumed"
        st.info(
            f"Paused since {view.pause.since:%d %b %Y}{until}. Reason the patient sees: "
            f"{plain(view.pause.reason)}",
            icon=":material/pause_circle:",
        )
        with st.form(f"resume-{view.patient_id}", clear_on_submit=True):
            start = st.date_input("Resume on", value=view.today, min_value=view.pause.since)
            reason = st.text_area("Reason (the patient sees this)", max_chars=REASON_MAX)
            submitted = st.form_submit_button("Resume program", type="primary", width="stretch")
        if submitted and _save(
            actor, view, kind=PlanEventKind.RESUME, effective_date=start, reason=reason
        ):
            st.toast("Program resumed.")
            st.rerun()
        return
    st.caption("While paused, nothing is due and the program week stands still.")
    with st.form(f"pause-{view.patient_id}", clear_on_submit=True):
        start = st.date_input("Pause from", value=view.today, min_value=view.start_date)
        until = st.date_input(
            "Until (leave empty: until you resume it)", value=None, min_value=view.start_date
        )
        reason = st.text_area(
            "Reason (the patient sees this)",
            max_chars=REASON_MAX,
            placeholder="For example: a break while you recover from surgery.",
        )
        submitted = st.form_submit_button("Pause program", width="stretch")
    if submitted and _save(
        actor, view, kind=PlanEventKind.PAUSE, effective_date=start, until=until, reason=reason
    ):
        st.toast("Program paused." if start <= view.today else "Pause planned.")
        st.rerun()
