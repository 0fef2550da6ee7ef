"""The patient detail's movement record: each chosen exercise's level and today's target, and the
sessions done against the days planned in the last two weeks."""

from __future__ import annotations

import streamlit as st

from db.queries import PatientDetail
from program.movement_plan import MoveState
from program.movement_wording import amount

STATE_WORDS = {
    MoveState.BASELINE: "finding the baseline",
    MoveState.WAITING: "baseline done, starts with the next program week",
    MoveState.PAUSED: "paused, no target today",
}


def movement(d: PatientDetail) -> None:
    st.subheader("Movement")
    record = d.movement
    if not record.exercises:
        st.caption("No exercises chosen yet.")
        return
    st.caption(
        f"Each level is {record.step_percent}% of the baseline. Sessions counted "
        f"{record.since:%b %d} to {record.until:%b %d} (pauses left out)."
    )
    for e in record.exercises:
        if e.state == MoveState.TARGET:
            level = f"level {e.level}, " if e.level is not None else "maintenance, "
            now = f"{level}today {amount(e.target, e.unit)}"
        else:
            now = STATE_WORDS.get(e.state, e.state)
        st.markdown(f"**{e.name}**: {now}")
        if e.planned_days:
            st.markdown(
                f"Done on {e.done_days} of {e.planned_days} planned days; "
                f"{e.as_planned} as planned."
            )
