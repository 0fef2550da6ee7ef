"""The browser tests' login() on a phone whose cookie component loads late.

CI failed on 2026-12-03 with the plan page showing the login form instead of its trends: login()
had returned while the cookie component's iframe was still loading, so the next page.goto opened a
new session with no cookie. login() now returns once the browser holds the cookie.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import Patient
from tests.browser.conftest import SESSION_COOKIE, login

pytestmark = pytest.mark.browser

COMPONENT_SCRIPT = re.compile(r"cookie_manager/static/js/main\.[0-9a-f]+\.chunk\.js")
LATE_MS = 6000  # a slow phone network; longer than login()'s idle wait


def test_login_returns_once_the_phone_is_remembered(page, app_server, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_server.database_url)
    with read_session() as session:
        alex_id = session.exec(select(Patient.id).where(Patient.record_number == "DEMO-0001")).one()

    def late(route) -> None:  # the component's script starts LATE_MS after it arrives
        response = route.fetch()
        body = f"setTimeout(function () {{\n{response.text()}\n}}, {LATE_MS});"
        route.fulfill(response=response, body=body)

    page.context.route(COMPONENT_SCRIPT, late)
    login(page, app_server.base_url, "demo-clinician")
    assert SESSION_COOKIE in [c["name"] for c in page.context.cookies()]
    page.goto(f"{app_server.base_url}/plan?patient={alex_id}")  # a new session
    page.get_by_role("heading", name="Trends").wait_for(state="visible")
