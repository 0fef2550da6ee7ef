"""Patient logins: a coordinator sets a temporary password for one of their own patients."""

import streamlit as st

from db.queries import patient_logins_for_staff
from pages.shell.common import current_actor, view_token
from pages.shell.password_forms import issue_and_show_temporary_password

actor = current_actor()
st.title("Patient logins")
st.caption(
    "For a patient of yours who forgot their password: set a temporary one and tell them. "
    "They must choose their own password when they next log in."
)
logins = patient_logins_for_staff(actor=actor, view=view_token())
if not logins:
    st.info("None of your patients has a login yet.")
    st.stop()

st.dataframe(
    [
        {
            "Patient": login.name,
            "Record": login.record_number,
            "Username": login.username,
            "Active": login.active,
            "Must change password": login.must_change_password,
        }
        for login in logins
    ],
    hide_index=True,
    width="stretch",
)
chosen = st.selectbox(
    "Patient", logins, format_func=lambda login: f"{login.name} ({login.username})"
)
if st.button("Set a temporary password", type="primary"):
    issue_and_show_temporary_password(
        actor, chosen.user_id, chosen.name, gone="This login is no longer available to you."
    )
