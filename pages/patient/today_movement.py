"""Today's movement pieces: one tap to Move and the flare plan, and the flare plan at once when
the patient says they are having a flare (the one flare rule, in their own words if written)."""

from __future__ import annotations

from contextlib import suppress

import streamlit as st
from streamlit.errors import StreamlitAPIException

from db.access import Actor
from db.models import FlarePlan
from db.queries import flare_plan_for_patient
from program import move_wording as mw

PARTS = ("helps", "tell", "scale_down", "build_up")
# Links a thumb can hit (at least 44 px tall).
LINKS_CSS = """<style>
.st-key-today-movement-links [data-testid="stPageLink"] a { min-height: 44px; align-items: center; }
.st-key-flare-plan-form [data-testid="stFormSubmitButton"] button { min-height: 48px; }
</style>"""


def flare_plan_card(plan: FlarePlan | None) -> None:
    """The patient's flare plan as they wrote it, or the program's advice and a prompt to write one."""
    if plan is None:
        st.markdown(mw.FLARE_NONE_YET)
        st.markdown(mw.FLARE_RULE)
        return
    for part in PARTS:
        if text := getattr(plan, part):
            st.markdown(f"**{mw.FLARE_PROMPTS[part][0]}**")
            st.text(text)  # their own words, as typed
    st.caption(mw.FLARE_RULE)


def movement_links() -> None:
    """Move and the flare plan, one tap from Today at any time."""
    st.html(LINKS_CSS)
    with st.container(horizontal=True, key="today-movement-links"), suppress(StreamlitAPIException):
        # (not registered for a login still in onboarding: then there is nothing to link)
        st.page_link("pages/patient/move.py", label=mw.MOVE_LINK, icon=":material/directions_walk:")
        st.page_link("pages/patient/flare_plan.py", label=mw.FLARE_LINK, icon=":material/healing:")


def flare_plan_now(actor: Actor) -> None:
    """Shown as soon as the patient answers "Yes" to "Are you having a flare today?"."""
    plan = flare_plan_for_patient(actor=actor).plan
    with st.container(border=True):
        st.subheader(mw.FLARE_NOW_TITLE)
        flare_plan_card(plan)
        st.caption(mw.NOT_A_FLARE)
        label = mw.FLARE_EDIT if plan is not None else mw.FLARE_WRITE
        st.page_link("pages/patient/flare_plan.py", label=label, icon=":material/edit:")
