"""Help now: emergency and crisis resources, always one tap away."""

import streamlit as st

from pages.shell.common import care_team_card, clinic_card, current_actor
from program.vocabulary import WARNING_SIGN_TIERS
from program.warning_signs import GUIDANCE, NOT_MONITORED, WARNING_SIGNS

actor = current_actor()

st.title("Get help now")
st.error(
    "**In an emergency, call 911** or go to the nearest emergency department.\n\n"
    "**Thoughts of harming yourself?** Call or text **988** any time, day or night.",
    icon=":material/sos:",
)
st.link_button("Call 911", "tel:911", type="primary", width="stretch")
st.link_button("Call or text 988", "tel:988", width="stretch")
st.info(NOT_MONITORED + " If you need help today, call your clinic.", icon=":material/info:")

with st.container(key="ask-follow-up"):  # a link a thumb can hit
    st.html("<style>.st-key-ask-follow-up a { min-height: 48px; align-items: center; }</style>")
    st.page_link(
        "pages/patient/follow_up.py", label="Ask for a follow-up visit", icon=":material/event:"
    )

st.header("Your clinic")
clinic_card(prominent=True)
care_team_card(actor)

st.header("When to get help")
for tier in WARNING_SIGN_TIERS:
    guidance = GUIDANCE[tier]
    with st.expander(guidance.heading + " if you have:"):
        for sign in WARNING_SIGNS:
            if sign.tier == tier:
                st.markdown(f"- {sign.text}")
