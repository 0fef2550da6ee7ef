"""Sessions and logins: end a session or all of a user's, disable or enable, temporary password."""

from datetime import datetime

import streamlit as st

from db.access import AccessDenied
from db.actions import (
    InvalidInput,
    end_login_session,
    end_user_sessions,
    set_user_active,
    unlock_account,
    unlock_login_client,
)
from db.queries import live_sessions, paused_login_clients, user_accounts
from pages.shell.common import current_actor, view_token
from pages.shell.password_forms import issue_and_show_temporary_password
from pages.shell.plain import plain

actor = current_actor()
st.title("Sessions and logins")
if flash := st.session_state.pop("sessions_flash", None):
    st.success(plain(flash))


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _attempt(fn, success: str, **kwargs) -> None:  # noqa: ANN001
    try:
        fn(actor=actor, **kwargs)
    except InvalidInput as exc:
        st.error(str(exc))
    except AccessDenied:
        st.error("That login or session no longer exists.")
    else:
        st.session_state["sessions_flash"] = success
        st.rerun()


st.subheader("Live sessions")
sessions = live_sessions(actor=actor, view=view_token())
if not sessions:
    st.info("Nobody is logged in right now.")
else:
    st.dataframe(
        [
            {
                "User": s.username,
                "Kind": s.kind,
                "Started": _when(s.created_at),
                "Last seen": _when(s.last_seen_at),
                "Expires": _when(s.expires_at),
            }
            for s in sessions
        ],
        hide_index=True,
        width="stretch",
    )
    by_session = {s.id: s for s in sessions}
    with st.form("end-session"):
        session_id = st.selectbox(
            "Session",
            list(by_session),
            format_func=lambda i: (
                f"{by_session[i].username}, since {_when(by_session[i].created_at)}"
            ),
        )
        if st.form_submit_button("End this session"):
            _attempt(end_login_session, "Session ended.", session_id=session_id)

st.subheader("Logins")
accounts = user_accounts(actor=actor, view=view_token())
st.dataframe(
    [
        {
            "Username": a.username,
            "Name": a.display_name,
            "Roles": ", ".join(a.roles),
            "Active": a.active,
            "Locked": a.locked,
            "Must change password": a.must_change_password,
            "Live sessions": a.live_sessions,
        }
        for a in accounts
    ],
    hide_index=True,
    width="stretch",
)
paused = [a for a in accounts if a.locked_until is not None]
# Behind a trusted proxy a login pauses for one client address first (db/login_throttle.py).
paused_clients = paused_login_clients(actor=actor, view=view_token())
st.subheader("Paused logins")
if not paused and not paused_clients:
    st.caption("No login is paused after wrong passwords right now.")
for a in paused:
    left, right = st.columns([3, 1])
    left.text(f"{a.display_name} ({a.username}): paused until {_when(a.locked_until)}")
    if right.button("Unlock", key=f"unlock-{a.id}", width="stretch"):
        _attempt(unlock_account, f"{a.username} can log in again.", user_id=a.id)
for p in paused_clients:
    left, right = st.columns([3, 1])
    left.text(
        f"{p.display_name} ({p.username}) from {p.client} only: paused until {_when(p.locked_until)}"
    )
    if right.button("Unlock", key=f"unlock-client-{p.id}", width="stretch"):
        _attempt(
            unlock_login_client,
            f"{p.username} can log in again from {p.client}.",
            pause_id=p.id,
        )
by_user = {a.id: a for a in accounts}
user_id = st.selectbox(
    "Login",
    list(by_user),
    format_func=lambda i: f"{by_user[i].display_name} ({by_user[i].username})",
)
chosen = by_user[user_id]
end_col, active_col, temp_col = st.columns(3)
if end_col.button("End all sessions", width="stretch"):
    _attempt(end_user_sessions, f"Every session of {chosen.username} ended.", user_id=chosen.id)
if active_col.button("Disable" if chosen.active else "Enable", width="stretch"):
    _attempt(
        set_user_active,
        f"{chosen.username} {'disabled' if chosen.active else 'enabled'}.",
        user_id=chosen.id,
        active=not chosen.active,
    )
if temp_col.button("Set a temporary password", width="stretch"):
    issue_and_show_temporary_password(
        actor, chosen.id, chosen.display_name, gone="That login no longer exists."
    )
