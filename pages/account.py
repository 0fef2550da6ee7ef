"""Account: who is logged in, and log out."""

import streamlit as st

from pages.common import current_actor

actor = current_actor()
st.title("Your account")
st.markdown(f"Logged in as **{actor.display_name}** ({actor.username}).")
if st.button("Log out", type="primary", width="stretch"):
    st.session_state["logout_requested"] = True
    st.rerun()
