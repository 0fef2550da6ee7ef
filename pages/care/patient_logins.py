"""Patient logins: a coordinator sets a temporary password for one of their own patients."""

import streamlit as st

from db.access import AccessDenied
from db.actions import InvalidInput, issue_temporary_password
from db.queries import patient_logins_for_staff
from pages.shell.common import current_actor
from pages.shell.password_forms import show_temporary_password

actor = current_actor()
st.title("Patient logins")
st.caption(
    "For a patient of yours who forgot their password: set a temporary one and tell them. "
    "They must choose their own password when they next log in."
)
logins = patient_logins_for_staff(actor=actor)
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
    try:
        temporary = issue_temporary_password(actor=actor, user_id=chosen.user_id)
    except InvalidInput as exc:
        st.error(str(exc))
    except AccessDenied:
        st.error("This login is no longer available to you.")
    else:
        show_temporary_password(chosen.name, temporary)
