"""The login gate: the login form, the re-login cookie, logout, reset links and the password gate.

Every run asks the server-side session (not just the signed cookie) who is logged in, so a revoked,
idle or expired session logs out even though its cookie is still valid.
"""

from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth

from core import session_token
from core.client_address import client_address
from core.settings import Settings
from db.access import Actor
from db.auth import (
    check_session,
    end_session,
)
from db.models import User, max_length
from pages.shell.login_attempt import (
    PASSWORD_KEY,
    USERNAME_KEY,
    attempt,
    check_password,
    forget_attempt,
    take_checked_login,
    write_cookie,
)
from pages.shell.password_forms import (
    PASSWORD_CHANGED,
    forced_change_screen,
    forgot_password,
    reset_screen,
)

SESSION_ENDED = {
    "idle": "You were logged out because the app was not used for a while. Please log in again.",
    "expired": "Your login has expired. Please log in again.",
    "revoked": "You were logged out. Please log in again.",
    "user disabled": "This account is not active. Please contact your clinic.",
    "password changed": PASSWORD_CHANGED,
}


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


class LoginCookie:
    """The library's cookie manager, drawn only in the runs that need it.

    Each drawing is a hidden component iframe: ~140 KB that the browser fetches again on every page
    load (Streamlit serves component files without a lifetime, so they are never cached) and one
    extra script run once it has read the browser's cookies. A run whose user is logged in needs
    none of it: the cookie arrives with the websocket (``st.context.cookies``). It is drawn first
    thing when nobody is logged in (the login form: the login run then writes the cookie through
    that same, already loaded element) and on demand when a run writes or deletes the cookie.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._authenticator: stauth.Authenticate | None = None
        take_checked_login()  # a "Log in" checked by its callback, in this run or a replaced one
        if st.session_state["login_session_id"] is None and cookie_session_id(settings) is None:
            self.authenticator()
        if st.session_state["login_cookie"] is not None:  # right after the reader, every run
            write_cookie(self.manager(), settings)

    def manager(self):
        return self.authenticator().cookie_controller.cookie_model.cookie_manager

    def authenticator(self) -> stauth.Authenticate:
        if self._authenticator is None:
            self._authenticator = make_authenticator(self._settings)
        return self._authenticator


def request_logout() -> None:
    """A button callback: runs before the next script run, so the gate ends the session first."""
    st.session_state["logout_requested"] = True


def logged_in_actor(settings: Settings, cookie: LoginCookie) -> Actor | None:
    """Who is logged in after this run's logout, session check or login form (None: the form)."""
    if st.session_state["logout_requested"]:
        if st.session_state["login_session_id"] is not None:
            end_session(session_id=st.session_state["login_session_id"])
        clear_login(cookie.authenticator())
        st.session_state.update(logout_requested=False, session_notice="You are logged out.")
    else:
        restore_login(settings, cookie)
    if st.session_state["actor"] is None:
        login_form(settings)
    return st.session_state["actor"]


def cookie_session_id(settings: Settings) -> str | None:
    """The session id of this browser's re-login cookie; None when absent, forged or malformed.

    Read here rather than by the library: its decoder lets an ``alg: none`` or HS512 token raise,
    which left that browser on the apology screen for good.
    """
    if st.session_state.get("logout"):
        return None  # deleted this run; the browser may still send it until the reply arrives
    try:
        raw = st.context.cookies.get(settings.cookie_name)
    except Exception:  # noqa: BLE001 - no request context (a bare script run): no cookie
        return None
    return session_token.read(raw, settings.cookie_key)


def clear_login(authenticator: stauth.Authenticate) -> None:
    st.session_state.update(actor=None, login_session_id=None, must_change_password=False)
    st.session_state["authentication_status"] = None
    forget_attempt()
    authenticator.cookie_controller.delete_cookie()
    st.session_state["logout"] = True  # the cookie is ignored for the rest of this run


def restore_login(settings: Settings, cookie: LoginCookie) -> None:
    """Re-check the server-side session on every run; a revoked or idle one logs out."""
    session_id = st.session_state["login_session_id"]
    if session_id is not None:
        check = check_session(settings=settings, session_id=session_id)
    else:
        sid = cookie_session_id(settings)
        if sid is None:
            return
        check = check_session(settings=settings, sid=sid)
    if check.actor is None:
        if check.reason in SESSION_ENDED:
            st.session_state["session_notice"] = SESSION_ENDED[check.reason]
        clear_login(cookie.authenticator())
        return
    st.session_state.update(
        actor=check.actor,
        login_session_id=check.session_id,
        must_change_password=check.must_change_password,
    )
    st.session_state["authentication_status"] = True
    st.session_state["username"] = check.actor.username


def login_form(settings: Settings) -> None:
    """Draw the login form. The "Log in" button's callback checks the password; the run it
    starts (or one that replaced it) logs in (pages/shell/login_attempt.py)."""
    st.title("Recalibrate")
    st.markdown("Your guided program for calming an over-protective nervous system.")
    if notice := st.session_state["session_notice"]:
        st.info(notice)
    with st.form("login"):
        st.text_input(
            "Username",
            autocomplete="username",
            max_chars=max_length(User, "username"),
            key=USERNAME_KEY,
        )
        st.text_input(
            "Password",
            type="password",
            autocomplete="current-password",
            max_chars=128,
            key=PASSWORD_KEY,
        )
        st.form_submit_button(
            "Log in",
            type="primary",
            width="stretch",
            on_click=check_password,
            args=(settings, login_client(settings)),
        )
    if message := attempt().message:
        st.error(message)
    forgot_password(settings)
    st.markdown("This app is not watched around the clock. In an emergency call 911.")


def login_client(settings: Settings) -> str | None:
    """The client's address as a trusted proxy names it; None without TRUSTED_PROXIES.

    ``st.context.ip_address`` is the connection's peer as uvicorn reports it (None for a direct
    loopback connection without the header: unknown) and the X-Forwarded-For headers come from the
    websocket handshake (core/client_address.py).
    """
    if not settings.trusted_proxies:
        return None
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get_all("X-Forwarded-For")
    except Exception:  # noqa: BLE001 - no request context (a bare script run): unknown
        return None
    return client_address(peer, forwarded, settings.trusted_proxies)


def pending_reset_token() -> str | None:
    """The token of a ?reset= link, moved out of the address bar (history, Referer) on arrival."""
    if token := st.query_params.get("reset"):
        st.session_state["reset_token"] = token
        del st.query_params["reset"]
    return st.session_state["reset_token"] or None


def reset_link_screen(token: str) -> None:
    """A reset link shows only the set-new-password form, then the login form."""
    if reset_screen(token) is not None:
        st.session_state.update(reset_token=None, session_notice=SESSION_ENDED["password changed"])
        st.rerun()
    if st.button("Back to log in"):
        st.session_state["reset_token"] = None
        st.rerun()


def password_gate_screen(actor: Actor) -> None:
    """While a temporary password is in use, only "Choose your new password" and log out."""
    if forced_change_screen(actor, st.session_state["login_session_id"]):
        st.session_state["must_change_password"] = False
        st.rerun()
    st.button("Log out", on_click=request_logout)
