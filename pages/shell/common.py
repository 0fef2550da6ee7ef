"""Small rendering helpers shared by pages (no SQL, no decisions)."""

from __future__ import annotations

import streamlit as st

from db.access import Actor
from db.actions import record_view
from program.warning_signs import NOT_MONITORED, Guidance

SEVERITY_BADGE = {
    "emergency": ":red-badge[Emergency]",
    "urgent": ":orange-badge[Urgent]",
    "soon": ":blue-badge[Soon]",
    "routine": ":gray-badge[Routine]",
}


def current_actor() -> Actor:
    """The logged-in user; app.py guarantees one exists before any page runs."""
    actor = st.session_state.get("actor")
    if actor is None:  # only reachable if a page is run outside app.py
        st.error("Please log in.")
        st.stop()
    return actor


def note_record_view(actor: Actor, patient_id: int, view: str) -> None:
    """Audit a staff view of one patient's record: once per view, not on every rerun.

    app.py empties ``record_views`` whenever another page opens, so coming back counts again.
    """
    seen = st.session_state.setdefault("record_views", {})
    if seen.get(view) != patient_id:
        record_view(actor=actor, patient_id=patient_id, view=view)
        seen[view] = patient_id


def show_guidance(guidance: Guidance) -> None:
    """What to do now for a warning sign, on the same screen, loud and plain."""
    box = st.error if guidance.tier == "emergency" else st.warning
    box(
        f"**{guidance.heading}**\n\n" + "\n".join(f"- {step}" for step in guidance.steps),
        icon=":material/emergency:",
    )


def help_footer() -> None:
    """Crisis resources one tap away, and the plain statement that nobody watches around the clock."""
    st.markdown(
        f"{NOT_MONITORED} In an emergency call 911. For thoughts of self-harm call or text 988."
    )
    st.page_link("pages/patient/help.py", label="Get help now", icon=":material/emergency:")
