"""Progress's movement section: the levels reached, as the patient's own change and wins."""

from __future__ import annotations

import streamlit as st

from db.access import Actor
from db.queries import movement_for_patient
from pages.shell.plain import plain
from program import move_wording as mw


def movement_progress(actor: Actor) -> None:
    """Levels reached per exercise (never a comparison that discourages), days logged and kept."""
    view = movement_for_patient(actor=actor)
    st.subheader(mw.PROGRESS_TITLE)
    if not view.progress:
        st.caption(mw.PROGRESS_NONE)
        return
    st.markdown(
        "\n".join(
            f"- {mw.progress_line(plain(row.name), row.first, row.now, row.unit)}"
            for row in view.progress
        )
    )
    if view.days_logged:  # a win only: no count of days off the plan
        kept = f" {mw.days_on_plan(view.days_on_plan)}" if view.days_on_plan else ""
        st.markdown(f"{mw.days_logged(view.days_logged)}{kept}")
