"""A login that no rerun can lose: the password check, and the re-login cookie's writing.

Streamlit answers a rerun request (a tap, or the hidden cookie component reporting the browser's
cookies, which on a slow phone happens seconds after the form is usable) by starting a new run at
once and stopping the old one at its next Streamlit call (``runner.fastReruns``; any
``st.session_state`` access counts). Two things were lost that way (``make bench --quick``, the
nginx route; tests/browser/test_login_race_phone.py):

- **the login**: a rerun that arrived during the password check (bcrypt, ~250 ms) stopped the run
  that would have logged in; the patient saw the filled-in form again, with no message;
- **the re-login cookie**: its component was drawn only in the login run, so a rerun before it
  had loaded removed it, and the next visit showed the login form.

So the "Log in" button's callback checks the password and opens the session with no Streamlit
call in between, holding this browser session's lock, and leaves the outcome on a plain object;
whichever run comes next (the same one, or the one that replaced it, waiting for the lock) takes
it. The cookie's component is drawn in every run, at the same place, until the browser says it has
written the cookie.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st

from core import session_token
from core.clock import utcnow
from core.settings import Settings
from db.auth import authenticate, cookie_lifetime_days, open_session

USERNAME_KEY, PASSWORD_KEY = "login-username", "login-password"
# How long a run waits for a password check that an earlier run of the same browser started
# (bcrypt at the production cost takes ~250 ms; a loaded server several times that).
CHECK_WAIT_S = 15.0


@dataclass(frozen=True)
class CookieToWrite:
    """The signed re-login cookie, until the browser says it has written it."""

    token: str
    expires_at: datetime  # UTC
    secure: bool | None
    key: str  # this cookie's own component key: a later login's starts unanswered


@dataclass(frozen=True)
class CheckedLogin:
    session_id: int
    username: str
    cookie: CookieToWrite


class LoginAttempt:
    """One browser session's password check: its lock, and its outcome until a run takes it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked: CheckedLogin | None = None
        self.message: str | None = None  # why the last check failed, shown under the form


def attempt() -> LoginAttempt:
    return st.session_state.setdefault("login_attempt", LoginAttempt())


def check_password(settings: Settings, client: str | None) -> None:
    """The "Log in" button's callback (it runs before the script, at the start of the run)."""
    box = attempt()
    username = st.session_state.get(USERNAME_KEY) or ""
    password = st.session_state.get(PASSWORD_KEY) or ""
    if st.session_state["login_session_id"] is not None:
        return  # a second tap on "Log in" after the first one logged in
    with box.lock:
        # No Streamlit call from here on: a rerun that arrives now cannot stop the check.
        if box.checked is not None:
            return  # a second tap while the first one's login waits for its run
        result = authenticate(username=username, password=password, settings=settings,
                              client=client)  # fmt: skip
        if not result.ok:
            box.message = result.message
            return
        sid = session_token.new_session_id()
        session_id = open_session(user_id=result.user_id, kind=result.kind, sid=sid,
                                  settings=settings)  # fmt: skip
        cookie = login_cookie(sid, result.kind, settings)
        box.checked, box.message = CheckedLogin(session_id, result.username, cookie), None


def login_cookie(sid: str, kind: str, settings: Settings) -> CookieToWrite:
    """Our signed {sid, exp} token, to be kept for the login kind's lifetime."""
    expires_at = utcnow() + timedelta(days=cookie_lifetime_days(kind, settings))
    return CookieToWrite(
        token=session_token.sign(sid, expires_at, settings.cookie_key),
        expires_at=expires_at,
        # Only over HTTPS in production (a browser keeps a Secure cookie off plain HTTP); the
        # library's JavaScript writes it, so it cannot be HttpOnly (README, "Deploying").
        secure=settings.mode == "production" or None,
        key=f"set-{secrets.token_hex(4)}",
    )


def take_checked_login() -> bool:
    """Log this browser session in when a "Log in" check has succeeded (True: it was)."""
    box = attempt()
    if not box.lock.acquire(timeout=CHECK_WAIT_S):  # a check still running in a replaced run
        return False
    try:
        checked = box.checked
    finally:
        box.lock.release()
    if checked is None:
        return False
    # Each access below may stop this run for a newer one: the next run then does it again,
    # until the session id is in place; only then is the outcome dropped.
    st.session_state["login_cookie"] = checked.cookie
    st.session_state.update(username=checked.username, logout=None, session_notice=None)
    st.session_state["login_session_id"] = checked.session_id
    box.checked = None
    return True


def forget_attempt() -> None:
    """On logout: no cookie still to write, no old message under the next login form."""
    st.session_state["login_cookie"] = None
    box = attempt()
    box.message = None


def write_cookie(manager, settings: Settings) -> None:
    """Draw the component writing the re-login cookie, in each run until the browser has."""
    cookie: CookieToWrite | None = st.session_state["login_cookie"]
    if cookie is None:
        return
    options = {"path": "/", "expires": cookie.expires_at.isoformat(), "sameSite": "strict"}
    if cookie.secure is not None:
        options["secure"] = cookie.secure
    written = manager.cookie_manager(
        method="set",
        cookie=settings.cookie_name,
        value=cookie.token,
        options=options,
        key=cookie.key,
        default=False,
    )
    if written is True:  # the browser wrote it and said so (a rerun): nothing more to draw
        st.session_state["login_cookie"] = None
