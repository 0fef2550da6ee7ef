"""Account: who is logged in, log out, and change password."""

import streamlit as st

from pages.patient.program_links import program_links
from pages.shell.common import care_team_card, current_actor
from pages.shell.password_forms import change_password_form
from pages.shell.plain import plain

actor = current_actor()
st.title("Your account")
st.markdown(f"Logged in as **{plain(actor.display_name)}** ({plain(actor.username)}).")
care_team_card(actor)
program_links()  # a patient's pause and daily reminder; nothing for staff


def _request_logout() -> None:
    # Runs before the next script run, so the login gate ends the session before drawing anything.
    st.session_state["logout_requested"] = True


st.button("Log out", type="primary", width="stretch", on_click=_request_logout)
st.divider()
change_password_form(actor, st.session_state["login_session_id"])
