"""The re-login cookie: a signed random session id, found server-side by its hash (issue 10)."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt
import pytest
import streamlit as st

from core import session_token
from core.clock import utcnow
from core.settings import load_settings
from db.auth import authenticate, check_session, open_session
from pages.shell.login_attempt import login_cookie
from tests.pages.conftest import fresh_app

SETTINGS = load_settings({"RECALIBRATE_ENV": "test"})
DEMO = "recalibrate-demo"


@pytest.fixture
def browser_cookies(monkeypatch):
    """What the browser sends: AppTest has no cookies of its own, so st.context.cookies is set."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(type(st.context), "cookies", property(lambda _self: jar))
    return jar


def start(username: str) -> tuple[str, str]:
    result = authenticate(username=username, password=DEMO, settings=SETTINGS)
    sid = session_token.new_session_id()
    open_session(user_id=result.user_id, kind=result.kind, sid=sid, settings=SETTINGS)
    return sid, session_token.sign(sid, utcnow() + timedelta(days=1), SETTINGS.cookie_key)


def test_it_signs_a_session_id_for_the_library_cookie_manager_and_reads_it_back(demo_db, frozen):
    result = authenticate(username="demo-patient", password=DEMO, settings=SETTINGS)
    sid = session_token.new_session_id()
    open_session(user_id=result.user_id, kind=result.kind, sid=sid, settings=SETTINGS)

    cookie = login_cookie(sid, result.kind, SETTINGS)

    claims = jwt.decode(cookie.token, SETTINGS.cookie_key, algorithms=["HS256"])
    assert set(claims) == {"sid", "exp"} and "demo-patient" not in cookie.token
    # a patient's phone keeps the cookie for the designed 30 days, and the token says the same
    assert cookie.expires_at - utcnow() == timedelta(days=30)
    assert claims["exp"] == int(cookie.expires_at.timestamp())
    assert cookie.secure is None  # Secure in production only: a test server is plain HTTP
    read_back = session_token.read(cookie.token, SETTINGS.cookie_key)
    assert read_back == sid
    assert check_session(settings=SETTINGS, sid=read_back).actor.username == "demo-patient"
    # each login's cookie has its own component key, so a later login waits for its own answer
    assert login_cookie(sid, result.kind, SETTINGS).key != cookie.key


def test_it_logs_in_again_from_the_session_cookie(demo_db, frozen, browser_cookies):
    _sid, token = start("demo-patient")
    browser_cookies[SETTINGS.cookie_name] = token
    at = fresh_app().run()
    assert not at.exception
    assert at.session_state["actor"].username == "demo-patient"


def _unsigned(header: dict, claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}."


def bad_cookies(sid: str) -> dict[str, str]:
    exp = int((utcnow() + timedelta(days=1)).timestamp())
    key = SETTINGS.cookie_key
    return {
        "alg none": _unsigned({"alg": "none", "typ": "JWT"}, {"sid": sid, "exp": exp}),
        "HS512": jwt.encode({"sid": sid, "exp": exp}, key, algorithm="HS512"),
        "another key": jwt.encode({"sid": sid, "exp": exp}, "x" * 40, algorithm="HS256"),
        "old library cookie": jwt.encode(
            {"username": "demo-patient", "exp_date": exp}, key, algorithm="HS256"
        ),
        "expired": jwt.encode({"sid": sid, "exp": exp - 3 * 86400}, key, algorithm="HS256"),
        "garbage": "not-a-token%%%",
        "huge": "a" * 5000,
    }


@pytest.mark.parametrize("kind", list(bad_cookies("x")))
def test_it_drops_a_bad_cookie_and_shows_the_login_form(demo_db, frozen, browser_cookies, kind):
    sid, _token = start("demo-patient")  # a real session, so only the token's form is wrong
    browser_cookies[SETTINGS.cookie_name] = bad_cookies(sid)[kind]
    at = fresh_app().run()
    assert not at.exception
    assert not any("Sorry, something went wrong" in e.value for e in at.error)
    assert at.session_state["actor"] is None
    assert [t.label for t in at.text_input] == ["Username", "Password"]
