"""The plan page's history: every plan change, newest first, with who made it and the reason."""

from __future__ import annotations

import streamlit as st

from db.queries import PlanView
from pages.shell.plain import plain

KIND_LABEL = {
    "hold": "Put on hold",
    "release": "Released",
    "unlock": "Unlocked early",
    "skip": "Skipped",
    "pause": "Paused",
    "resume": "Resumed",
    "movement_level": "Movement level set",
    "movement_step": "Movement step set",
    "sleep_scheduling_on": "Bedtime scheduling on",
    "sleep_scheduling_off": "Bedtime scheduling off",
}


def plan_history(view: PlanView) -> None:
    if not view.history:
        st.caption("No plan changes yet.")
        return
    for change in view.history:
        what = KIND_LABEL.get(change.kind, change.kind.replace("_", " ").capitalize())
        module = f": {plain(change.module_title)}" if change.module_title else ""
        until = f" until {change.until_date:%d %b %Y}" if change.until_date else ""
        st.markdown(
            f"**{what}{module}** from {change.effective_date:%d %b %Y}{until}  \n"
            f"by {plain(change.actor_name)} on {change.created_at:%d %b %Y %H:%M} UTC  \n"
            f"Reason the patient sees: {plain(change.reason)}"
        )
