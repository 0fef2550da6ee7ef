"""My flare plan: written and changed by the patient in their own words (reached from Today, Move)."""

import streamlit as st

from db.actions import InvalidInput, save_flare_plan
from db.models import FlarePlan, max_length
from db.queries import flare_plan_for_patient
from pages.patient.today_movement import LINKS_CSS, PARTS, flare_plan_card
from pages.shell.common import current_actor, help_footer
from program import move_wording as mw

SAVED = "flare-plan-saved"

actor = current_actor()
view = flare_plan_for_patient(actor=actor)
plan = view.plan

st.html(LINKS_CSS)
st.title(mw.FLARE_TITLE)
st.markdown(mw.FLARE_INTRO)
if st.session_state.pop(SAVED, False):
    st.success(mw.FLARE_SAVED, icon=":material/check_circle:")
if plan is not None:
    with st.container(border=True):
        flare_plan_card(plan)
else:
    st.info(mw.FLARE_RULE, icon=":material/healing:")
st.caption(mw.NOT_A_FLARE)

st.header(mw.FLARE_EDIT if plan is not None else mw.FLARE_WRITE, divider="gray")
with st.form("flare-plan-form"):
    written = {
        part: st.text_area(
            mw.FLARE_PROMPTS[part][0],
            value=getattr(plan, part) if plan is not None else "",
            placeholder=mw.FLARE_PROMPTS[part][1],
            max_chars=max_length(FlarePlan, part),
            key=f"flare-plan-{part}",
        )
        for part in PARTS
    }
    if st.form_submit_button(mw.FLARE_SAVE, type="primary", width="stretch"):
        try:
            save_flare_plan(actor=actor, **written)
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            st.session_state[SAVED] = True
            st.rerun()

with st.container(horizontal=True, key="today-movement-links"):
    st.page_link("pages/patient/today.py", label="Today", icon=":material/today:")
    st.page_link("pages/patient/move.py", label=mw.MOVE_LINK, icon=":material/directions_walk:")
help_footer()
