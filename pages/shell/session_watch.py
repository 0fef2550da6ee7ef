"""Staff session watch: a page left open still logs out when the session goes idle or is revoked."""

from __future__ import annotations

import streamlit as st

from core.settings import Settings
from db.auth import check_session


def watch_session(settings: Settings) -> None:
    """Re-check the staff session on a timer, without counting the timer as activity."""

    @st.fragment(run_every=settings.session_check_seconds, key="session-watch")
    def watch() -> None:
        # In a full run the gate has just checked (and counted the click as activity);
        # only the timer's own runs check here, without counting as activity.
        if st.session_state["watch_seen_run"] != st.session_state["full_runs"]:
            st.session_state["watch_seen_run"] = st.session_state["full_runs"]
            return
        session_id = st.session_state["login_session_id"]
        check = check_session(settings=settings, session_id=session_id, touch=False)
        if check.actor is None:
            st.session_state["actor"] = None  # nothing with health details is drawn again
            st.rerun(scope="app")  # the full run logs out and shows why, over the login form

    watch()
