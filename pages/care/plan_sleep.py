"""The clinician's sleep controls on a patient's plan: the recent diary, and bedtime scheduling
switched on (each rule-out confirmed, a fixed wake time) or off, with a note the patient sees.

One function, ``sleep_controls``, for pages/care/plan.py to call under the patient it shows. It
reads one query (audited once per page view) and writes through ``change_plan`` only.
"""

from __future__ import annotations

from datetime import time

import streamlit as st

from db.access import Actor, NotFound
from db.actions import InvalidInput, change_plan
from db.models import PlanEvent, max_length
from db.queries import SleepControls, sleep_for_clinician
from pages.shell.common import view_token
from program.plan_changes import SLEEP_RULE_OUTS
from program.sleep_schedule import SleepWindow
from program.sleep_wording import duration
from program.vocabulary import PlanEventKind

NOTE_MAX = max_length(PlanEvent, "reason")
NOTE_LABEL = "Note for the patient (they see this on their Sleep page)"
DEFAULT_WAKE = time(7, 0)
SWITCH_LABEL = {
    PlanEventKind.SLEEP_SCHEDULING_ON: "On",
    PlanEventKind.SLEEP_SCHEDULING_OFF: "Off",
}


def _diary(view: SleepControls) -> None:
    sleep = view.sleep
    week = sleep.last_week
    if week is None:
        st.markdown("No diary entries in the last 7 nights.")
    else:
        st.markdown(
            f"**Last 7 nights:** {week.nights} entries · mean total sleep "
            f"{duration(week.mean_total_sleep)} · efficiency {week.efficiency:g}%"
        )
    recent = [sleep.entries[n] for n in sorted(sleep.entries, reverse=True)[:14]]
    if recent:
        st.dataframe(
            [
                {
                    "Night": e.night.strftime("%a %d %b"),
                    "Into bed": e.into_bed.strftime("%H:%M"),
                    "To sleep (min)": e.minutes_to_sleep,
                    "Wakings": e.awakenings,
                    "Awake (min)": e.minutes_awake,
                    "Final wake": e.final_wake.strftime("%H:%M"),
                    "Out of bed": e.out_of_bed.strftime("%H:%M"),
                    "In bed (min)": e.time_in_bed,
                    "Asleep (min)": e.total_sleep,
                    "Efficiency %": e.efficiency,
                    "Quality (1-5)": e.quality,
                }
                for e in recent
            ],
            hide_index=True,
            width="stretch",
        )


def _based_on(window: SleepWindow) -> str:
    if window.first:
        return "baseline week's mean total sleep"
    if window.efficiency is None:
        return "held: fewer than 5 of 7 nights"
    return "last 7 nights' efficiency"


def _plan(view: SleepControls) -> None:
    plan = view.sleep.plan
    if plan is None:
        st.markdown("**Bedtime scheduling is off.** The patient sees no bedtime.")
        return
    wake = plan.wake_time or "not set"
    st.markdown(
        f"**Bedtime scheduling is on** since {plan.since:%d %b %Y} · fixed wake time {wake}"
    )
    if plan.window is None:
        st.markdown("Waiting for 5 diary nights out of 7 before the first window.")
        return
    bed = f" (bedtime {plan.bedtime})" if plan.bedtime else ""
    st.markdown(f"Tonight's window: **{duration(plan.window.minutes)}**{bed}")
    st.dataframe(
        [
            {
                "From": w.starts.strftime("%d %b"),
                "Time in bed": duration(w.minutes),
                "Change (min)": w.change,
                "Efficiency %": w.efficiency,  # empty for the first window and for a hold
                "Nights": w.nights,
                "Based on": _based_on(w),
            }
            for w in reversed(plan.history)
        ],
        hide_index=True,
        width="stretch",
    )


def _switch(actor: Actor, patient_id: int, kind: str, note: str, **details: object) -> None:
    try:
        change_plan(
            actor=actor,
            patient_id=patient_id,
            kind=kind,
            reason=note,
            details=details or None,
        )
    except InvalidInput as exc:
        st.error(str(exc))
    else:
        st.toast("Bedtime scheduling updated.")
        st.rerun()


def _switch_on_form(actor: Actor, patient_id: int, on: bool) -> None:
    title = "Change the fixed wake time" if on else "Switch bedtime scheduling on"
    with st.form(f"sleep-on-{patient_id}", clear_on_submit=True):
        st.markdown(f"**{title}**")
        st.caption("Bedtime scheduling is safe only when each of these is true. Confirm each:")
        confirmed = [
            key
            for key, label in SLEEP_RULE_OUTS.items()
            if st.checkbox(label, key=f"rule-out-{key}-{patient_id}")
        ]
        wake = st.time_input("Fixed wake time", DEFAULT_WAKE, step=900, key=f"wake-{patient_id}")
        note = st.text_area(NOTE_LABEL, max_chars=NOTE_MAX, key=f"sleep-on-note-{patient_id}")
        submitted = st.form_submit_button(title, type="secondary" if on else "primary")
    if submitted:
        _switch(
            actor,
            patient_id,
            PlanEventKind.SLEEP_SCHEDULING_ON,
            note,
            rule_outs=confirmed,
            wake_time=wake.strftime("%H:%M"),
        )


def _switch_off_form(actor: Actor, patient_id: int) -> None:
    with st.form(f"sleep-off-{patient_id}", clear_on_submit=True):
        note = st.text_area(NOTE_LABEL, max_chars=NOTE_MAX, key=f"sleep-off-note-{patient_id}")
        submitted = st.form_submit_button("Switch bedtime scheduling off", type="primary")
    if submitted:
        _switch(actor, patient_id, PlanEventKind.SLEEP_SCHEDULING_OFF, note)


def sleep_controls(actor: Actor, patient_id: int) -> None:
    """The patient's recent sleep diary and the bedtime-scheduling switch, for their clinician."""
    st.subheader("Sleep")
    try:
        view = sleep_for_clinician(actor=actor, patient_id=patient_id, view=view_token())
    except NotFound:
        st.warning("This patient's sleep diary is not available to you.")
        return
    _diary(view)
    _plan(view)
    on = view.sleep.plan is not None
    if on:
        _switch_off_form(actor, patient_id)
    _switch_on_form(actor, patient_id, on)
    if view.switches:
        st.caption(
            "History: "
            + "; ".join(
                f"{SWITCH_LABEL.get(s.kind, s.kind)} from {s.effective_date:%d %b %Y}"
                for s in reversed(view.switches)
            )
        )
