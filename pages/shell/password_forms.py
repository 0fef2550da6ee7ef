"""Password screens drawn by app.py and the account page: forced change, reset link, forgot.

Functions only; nothing is drawn on import. Passwords live in cleared forms, never in
session_state.
"""

from __future__ import annotations

import streamlit as st

from core.passwords import MAX_LENGTH, MIN_LENGTH
from core.settings import Settings
from db.access import AccessDenied, Actor
from db.actions import InvalidInput, change_password, issue_temporary_password
from db.approvals import ApprovalRequested
from db.models import User, max_length
from db.password_reset import (
    LINK_NOT_USABLE,
    request_password_reset,
    reset_link_is_usable,
    reset_password,
    reset_requested_message,
)
from pages.shell.common import clinic_card
from pages.shell.plain import plain

RULES = (
    f"Use at least {MIN_LENGTH} characters. "
    "A few words that do not go together work well, like a short phrase only you would think of. "
    "Do not use your name or your username. "
    "Do not use a password you use anywhere else."
)
NOT_THE_SAME = "The two passwords are not the same. Please type them again."
CALL_CLINIC = "Forgot your password? Please call your clinic. They can set a new one for you."
FORCED_INTRO = (
    "You logged in with a temporary password. Please choose your own password now. "
    "Only you will know it."
)
SAVED = (
    "Your new password is saved. If you were logged in on another phone or computer, "
    "you are now logged out there."
)
PASSWORD_CHANGED = "Your password was changed. Please log in with your new password."
# An admin's temporary password while another admin is active (db/approvals.py).
SECOND_ADMIN = (
    "Waiting for a second admin: {summary}. Another admin approves it on the Approvals page and "
    "gets the temporary password to give to the person. Nothing has changed yet."
)


def _new_password_fields(key: str) -> tuple[str, str]:
    new = st.text_input(
        "New password",
        type="password",
        autocomplete="new-password",
        max_chars=MAX_LENGTH,
        key=f"{key}-new",
    )
    again = st.text_input(
        "Type it again",
        type="password",
        autocomplete="new-password",
        max_chars=MAX_LENGTH,
        key=f"{key}-again",
    )
    return new, again


def forced_change_screen(actor: Actor, session_id: int | None) -> bool:
    """The only screen while a temporary password is in use; True once a new one is saved."""
    st.title("Choose your new password")
    st.markdown(FORCED_INTRO)
    st.caption(RULES)
    with st.form("forced-password-change", clear_on_submit=True):
        new, again = _new_password_fields("forced")
        submitted = st.form_submit_button("Save my new password", type="primary", width="stretch")
    if not submitted:
        return False
    if new != again:
        st.error(NOT_THE_SAME)
        return False
    try:
        change_password(
            actor=actor, current_password=None, new_password=new, keep_session_id=session_id
        )
    except InvalidInput as exc:
        st.error(str(exc))
        return False
    return True


def change_password_form(actor: Actor, session_id: int | None) -> None:
    """Change password on the account page (asks for the current one)."""
    st.header("Change password")
    st.caption(RULES)
    with st.form("change-password", clear_on_submit=True):
        current = st.text_input(
            "Current password",
            type="password",
            autocomplete="current-password",
            max_chars=128,
            key="change-current",
        )
        new, again = _new_password_fields("change")
        submitted = st.form_submit_button("Change password", width="stretch")
    if not submitted:
        return
    if new != again:
        st.error(NOT_THE_SAME)
        return
    try:
        change_password(
            actor=actor, current_password=current, new_password=new, keep_session_id=session_id
        )
    except InvalidInput as exc:
        st.error(str(exc))
    else:
        st.success(SAVED)


def reset_screen(token: str) -> str | None:
    """Set a new password from an e-mailed link; the username once it worked."""
    st.title("Choose your new password")
    if not reset_link_is_usable(token):
        st.warning(LINK_NOT_USABLE)
        return None
    st.caption(RULES)
    with st.form("reset-password", clear_on_submit=True):
        new, again = _new_password_fields("reset")
        submitted = st.form_submit_button("Save my new password", type="primary", width="stretch")
    if not submitted:
        return None
    if new != again:
        st.error(NOT_THE_SAME)
        return None
    try:
        return reset_password(token=token, new_password=new)
    except InvalidInput as exc:
        st.error(str(exc))
        return None


def forgot_password(settings: Settings) -> None:
    """Below the login form: a reset link by e-mail where the clinic set that up, else a call."""
    if not settings.email_resets:
        st.caption(CALL_CLINIC)
        clinic_card()
        return
    with st.expander("Forgot password?"):
        with st.form("forgot-password", clear_on_submit=True):
            username = st.text_input(
                "Your username", max_chars=max_length(User, "username"), autocomplete="username"
            )
            submitted = st.form_submit_button("Send me a link", width="stretch")
        if submitted:
            if username.strip():
                request_password_reset(username=username, settings=settings)
            # The same words whether or not the account exists or has an e-mail address.
            st.success(reset_requested_message(settings))


def issue_and_show_temporary_password(actor: Actor, user_id: int, name: str, gone: str) -> None:
    """Set a temporary password for ``user_id`` and show it once; ``gone`` when it is refused."""
    try:
        temporary = issue_temporary_password(actor=actor, user_id=user_id)
    except InvalidInput as exc:
        st.error(str(exc))
    except AccessDenied:
        st.error(gone)
    else:
        if isinstance(temporary, ApprovalRequested):
            st.info(SECOND_ADMIN.format(summary=plain(temporary.summary)))
        else:
            show_temporary_password(name, temporary)


def show_temporary_password(name: str, temporary: str) -> None:
    """Show a new temporary password once: it is in this run's output only, never stored."""
    st.success(f"Temporary password for {plain(name)}:")
    st.code(temporary, language=None)
    st.caption(
        "Shown only now. Give it to them by phone or in person, never by e-mail or text. "
        "They choose their own password when they log in, and they are logged out everywhere."
    )
