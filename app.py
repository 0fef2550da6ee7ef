"""Recalibrate: the only router. Page config, the login gate, and role -> pages."""

from __future__ import annotations

import logging

import streamlit as st
import streamlit_authenticator as stauth

from db.auth import (
    LoginResult,
    authenticate,
    check_session,
    cookie_lifetime_days,
    end_session,
    open_session,
)
from db.settings import Settings, SettingsError, load_settings

log = logging.getLogger("recalibrate")
APOLOGY = (
    "Sorry, something went wrong on our side. What you saved before is safe. Please try again. "
    "If you need help now, call your clinic, or 911 in an emergency."
)
SESSION_ENDED = {
    "idle": "You were logged out because the app was not used for a while. Please log in again.",
    "expired": "Your login has expired. Please log in again.",
    "revoked": "You were logged out. Please log in again.",
    "user disabled": "This account is not active. Please contact your clinic.",
}

st.set_page_config(page_title="Recalibrate", page_icon=":material/spa:", layout="centered")

# Every session_state key the app uses, initialised in one place.
for key, default in {
    "actor": None,
    "login_session_id": None,
    "session_notice": None,
    "logout_requested": False,
    "must_change_password": False,
}.items():
    st.session_state.setdefault(key, default)


# (file, url path, title, icon, roles that may open it); the first allowed page is the role's home.
# The url paths differ from the file names on purpose: with a pages/ folder beside app.py,
# Streamlit's legacy multipage mode can run pages/<name>.py directly, without this gate, when the
# url path matches a file name (the first run of a server process; every AppTest run).
PATIENT, STAFF, EVERYONE = (
    frozenset({"patient"}),
    frozenset({"coordinator", "clinician"}),
    frozenset({"patient", "coordinator", "clinician", "admin"}),
)
PAGES: tuple[tuple[str, str, str, str, frozenset[str]], ...] = (
    ("pages/patient_today.py", "today", "Today", ":material/today:", PATIENT),
    ("pages/patient_help.py", "help", "Get help", ":material/emergency:", PATIENT),
    ("pages/coordinator_panel.py", "panel", "Panel", ":material/groups:", STAFF),
    ("pages/coordinator_flags.py", "flags", "Flags", ":material/flag:", STAFF),
    (
        "pages/clinician_plan.py",
        "plan",
        "Patient plan",
        ":material/stethoscope:",
        frozenset({"clinician"}),
    ),
    ("pages/admin_users.py", "users", "Users", ":material/manage_accounts:", frozenset({"admin"})),
    ("pages/account.py", "my-account", "Account", ":material/person:", EVERYONE),
)


def make_authenticator(settings: Settings) -> stauth.Authenticate:
    """The library keeps only the signed re-login cookie; constructed once per run."""
    return stauth.Authenticate(
        {"usernames": {}},
        settings.cookie_name,
        settings.cookie_key,
        cookie_expiry_days=30,
        auto_hash=False,
        login_sleep_time=0,
    )


def cookie_session_key(exp_date: float) -> str:
    return f"{exp_date:.6f}"


def clear_login(authenticator: stauth.Authenticate) -> None:
    st.session_state.update(actor=None, login_session_id=None, must_change_password=False)
    st.session_state["authentication_status"] = None
    authenticator.cookie_controller.delete_cookie()
    st.session_state["logout"] = True  # the library then ignores the deleted cookie this run


def restore_login(settings: Settings, authenticator: stauth.Authenticate) -> None:
    """Re-check the server-side session on every run; a revoked or idle one logs out."""
    session_id = st.session_state["login_session_id"]
    if session_id is not None:
        check = check_session(settings=settings, session_id=session_id)
    else:
        token = authenticator.cookie_controller.get_cookie()
        if not token:
            return
        check = check_session(
            settings=settings, cookie=(token["username"], cookie_session_key(token["exp_date"]))
        )
    if check.actor is None:
        if check.reason in SESSION_ENDED:
            st.session_state["session_notice"] = SESSION_ENDED[check.reason]
        clear_login(authenticator)
        return
    st.session_state.update(
        actor=check.actor,
        login_session_id=check.session_id,
        must_change_password=check.must_change_password,
    )
    st.session_state["authentication_status"] = True
    st.session_state["username"] = check.actor.username


def login_form(settings: Settings, authenticator: stauth.Authenticate) -> bool:
    """Draw the login form; True once a login succeeded (the caller then renders the app)."""
    holder = st.empty()
    with holder.container():
        result = _login_form(settings)
    if result is None or not result.ok:
        return False
    holder.empty()
    # The cookie is written by a component that must reach the browser in this run, outside the
    # emptied form and without st.rerun(); restore_login() then loads the actor from the session.
    model = authenticator.cookie_controller.cookie_model
    model.cookie_expiry_days = cookie_lifetime_days(result.kind, settings)
    st.session_state["username"] = result.username
    st.session_state["logout"] = None
    authenticator.cookie_controller.set_cookie()
    session_id = open_session(
        user_id=result.user_id,
        kind=result.kind,
        cookie_key=cookie_session_key(model.exp_date),
        settings=settings,
    )
    st.session_state.update(login_session_id=session_id, session_notice=None)
    restore_login(settings, authenticator)
    return st.session_state["actor"] is not None


def _login_form(settings: Settings) -> LoginResult | None:
    st.title("Recalibrate")
    st.caption("Your guided program for calming an over-protective nervous system.")
    if notice := st.session_state["session_notice"]:
        st.info(notice)
    with st.form("login"):
        username = st.text_input("Username", autocomplete="username", max_chars=64)
        password = st.text_input(
            "Password", type="password", autocomplete="current-password", max_chars=128
        )
        submitted = st.form_submit_button("Log in", type="primary", width="stretch")
    result = None
    if submitted:
        result = authenticate(username=username, password=password, settings=settings)
        if not result.ok:
            st.error(result.message)
    st.caption("Forgot your password? Please call your clinic. They can set a new one for you.")
    st.caption("This app is not watched around the clock. In an emergency call 911.")
    return result


def register_pages(roles: frozenset[str]) -> tuple[st.navigation, list[st.Page], bool]:
    """Register every page (so deep links never show "Page not found"); link only the allowed ones.

    Returns the selected page, the pages this user may open, and whether the selection is allowed.
    """
    allowed_paths = [path for path, *_, need in PAGES if need & roles]
    home = allowed_paths[0] if allowed_paths else None
    pages, allowed = [], []
    for path, url_path, title, icon, _need in PAGES:
        p = st.Page(path, title=title, icon=icon, url_path=url_path, default=path == home)
        pages.append(p)
        if path in allowed_paths:
            allowed.append(p)
    selected = st.navigation(pages, position="hidden")
    return selected, allowed, any(selected.url_path == p.url_path for p in allowed)


def navigation(roles: frozenset[str]) -> None:
    pg, allowed, ok = register_pages(roles)
    with st.container(horizontal=True):
        for p in allowed:
            st.page_link(p, label=p.title, icon=p.icon)
    if not ok:
        st.warning("This page is not available for your account.")
        return
    try:
        pg.run()
    except Exception:  # a user never sees a traceback; the log keeps it
        log.exception("page %s failed", pg.title)
        st.error(APOLOGY)


def main() -> None:
    try:
        settings = load_settings()
    except SettingsError as exc:
        log.error("refusing to start: %s", exc)
        st.error(
            "The app is not configured safely and will not start. An administrator must fix its settings."
        )
        st.stop()
    authenticator = make_authenticator(settings)
    if st.session_state["logout_requested"]:
        if st.session_state["login_session_id"] is not None:
            end_session(session_id=st.session_state["login_session_id"])
        clear_login(authenticator)
        st.session_state.update(logout_requested=False, session_notice="You are logged out.")
    else:
        restore_login(settings, authenticator)
    actor = st.session_state["actor"]
    if actor is None:
        if not login_form(settings, authenticator):
            register_pages(frozenset())  # a deep link while logged out lands on the login form
            return
        actor = st.session_state["actor"]
    navigation(actor.roles)


try:
    main()
except Exception:
    log.exception("app failed")
    st.error(APOLOGY)
