"""AppTest helpers: the real app.py, logged in through a real server-side session."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import load_settings
from db.auth import authenticate, open_session
from tests.utils import PASSWORD

_LOGINS = itertools.count(1)  # one cookie key per login: the same user may log in twice
APP = str(Path(__file__).resolve().parents[2] / "app.py")


def fresh_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


def login_as(username: str, password: str = PASSWORD) -> AppTest:
    """An AppTest whose session belongs to ``username`` (as after the login form)."""
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    result = authenticate(username=username, password=password, settings=settings)
    assert result.ok, f"could not log in as {username}"
    session_id = open_session(
        user_id=result.user_id,
        kind=result.kind,
        sid=f"test-{username}-{next(_LOGINS)}",
        settings=settings,
    )
    at = fresh_app()
    at.session_state["login_session_id"] = session_id
    return at.run()


@pytest.fixture
def app_as(demo_db, frozen) -> Callable[..., AppTest]:
    """Log in as a demo account at FROZEN_NOW; returns the running AppTest."""
    return lambda username: login_as(username, "recalibrate-demo")


def texts(at: AppTest) -> str:
    """Everything the page shows as text (markdown, headings, alerts, captions)."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "info",
            "warning",
            "error",
            "success",
        )
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def unreachable(at: AppTest, page: str) -> bool:
    """True when ``page`` is not registered for the logged-in user, so no link or URL opens it."""
    try:
        at.switch_page(page)
    except ValueError:
        return True
    return False
