"""The plan page's lessons: one week at a time (opening on the patient's current week), each
module's state and the reason the patient sees, and a change (hold, release, unlock early, skip)
from a date, with a reason."""

from __future__ import annotations

import streamlit as st

from db.access import Actor
from db.actions import InvalidInput, change_plan
from db.models import PlanEvent, max_length
from db.queries import PlanView
from pages.shell.plain import plain
from program.vocabulary import PlanEventKind

REASON_MAX = max_length(PlanEvent, "reason")
STATE_BADGE = {
    "available": ":green-badge[Open]",
    "held": ":orange-badge[On hold]",
    "skipped": ":gray-badge[Skipped]",
    "locked": ":gray-badge[Not yet]",
}
CHANGES = {
    PlanEventKind.HOLD: "Put on hold",
    PlanEventKind.RELEASE: "Release (undo a hold or skip)",
    PlanEventKind.UNLOCK: "Unlock early",
    PlanEventKind.SKIP: "Skip",
}


def module_cards(view: PlanView, week: int) -> list[int]:
    """The week's modules with their state; returns their ids."""
    shown = [s for s in view.plan.modules if s.module.week == week]
    for s in shown:
        with st.container(border=True):
            reason = f"  \nReason the patient sees: {plain(s.reason)}" if s.reason else ""
            st.markdown(
                f"**{plain(s.module.title)}** {STATE_BADGE.get(s.state, s.state)}  \n"
                f"{s.module.track.capitalize()}{reason}"
            )
    return [s.module.id for s in shown]


def lesson_changes(actor: Actor, view: PlanView) -> None:
    plan = view.plan
    week = (
        st.segmented_control(
            "Week",
            list(range(1, plan.weeks + 1)),
            default=view.current_week,
            key=f"plan-week-{view.patient_id}",
        )
        or view.current_week
    )
    this_week = " (this week)" if week == plan.week and plan.running else ""
    st.subheader(f"Week {week}{this_week}")
    ids = module_cards(view, week)
    if not ids:
        st.caption(f"No modules in week {week}.")
        return
    titles = {s.module.id: s.module.title for s in plan.modules}
    with st.form(f"module-change-{view.patient_id}-{week}", clear_on_submit=True):
        module_id = st.selectbox("Module", ids, format_func=titles.get)
        kind = st.radio("Change", list(CHANGES), format_func=CHANGES.get)
        start = st.date_input("From", value=view.today, min_value=view.start_date)
        reason = st.text_area(
            "Reason (the patient sees this)",
            max_chars=REASON_MAX,
            placeholder="For example: we will look at this together at your next visit.",
        )
        submitted = st.form_submit_button("Save change", type="primary", width="stretch")
    if submitted:
        try:
            change_plan(
                actor=actor,
                patient_id=view.patient_id,
                kind=kind,
                module_id=module_id,
                effective_date=start,
                reason=reason,
            )
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            st.toast(f"{CHANGES[kind]}: saved.")
            st.rerun()
