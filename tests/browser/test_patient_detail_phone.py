"""The patient detail and the plan page's trends on a phone (390 x 844), as the clinician."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from db.engine import read_session
from db.models import Patient
from tests.browser.conftest import (
    SESSION_COOKIE,
    describe,
    login,
    serious_violations,
    wait_for_app_idle,
)
from tests.browser.test_patient_phone import PHONE_WIDTH

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"]'
COOKIE_SCRIPT = re.compile(r"cookie_manager/static/js/main\.[0-9a-f]+\.chunk\.js")
LATE_MS = 6000  # a slow phone network; longer than login()'s idle wait


@pytest.fixture
def alex_id(app_server, monkeypatch) -> int:
    monkeypatch.setenv("DATABASE_URL", app_server.database_url)
    with read_session() as session:
        return session.exec(select(Patient.id).where(Patient.record_number == "DEMO-0001")).one()


def test_it_shows_the_whole_record_without_sideways_scroll(page, app_server, alex_id):
    login(page, app_server.base_url, "demo-clinician")
    page.goto(f"{app_server.base_url}/patient?patient={alex_id}")
    page.get_by_role("heading", name="Alex Rivera").wait_for(state="visible")
    page.get_by_role("heading", name="Goals").wait_for(state="visible")  # drawn to the end
    wait_for_app_idle(page)
    for heading in ("Movement", "Practice", "Sleep diary", "Outreach"):
        assert page.get_by_role("heading", name=heading).count() == 1
    assert page.locator(CHART).count() == 6
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the detail is {width}px wide on a {PHONE_WIDTH}px phone"
    main_width = page.locator('[data-testid="stMain"]').evaluate("m => m.scrollWidth")
    assert main_width <= PHONE_WIDTH, f"the detail's content is {main_width}px wide"
    critical, unexpected = serious_violations(page)  # axe-core, the whole page scrolled through
    assert not critical and not unexpected, describe(critical + unexpected)


def test_it_shows_the_trends_below_the_plan_on_a_phone(page, app_server, alex_id):
    login(page, app_server.base_url, "demo-clinician")
    page.goto(f"{app_server.base_url}/plan?patient={alex_id}")
    trends = page.get_by_role("heading", name="Trends")
    trends.wait_for(state="visible")
    wait_for_app_idle(page)
    tabs = page.get_by_role("tab", name="Lessons")
    assert tabs.bounding_box()["y"] < trends.bounding_box()["y"]  # the columns stack
    charts = page.locator(CHART)
    # The last chart can still be drawing when the app goes idle on a loaded machine (5 of 6 in
    # one CI run): wait for all six, as a person scrolling down would.
    expect(charts).to_have_count(6)
    charts.last.scroll_into_view_if_needed()
    box = charts.last.bounding_box()
    assert box["width"] >= PHONE_WIDTH * 0.7  # the column's whole width once stacked
    page.get_by_role("link", name="Open the whole record").wait_for(state="visible")


def test_the_plan_opens_by_its_link_right_after_a_slow_login(page, app_server, alex_id):
    """CI, 2026-12-03: login() returned while the cookie component's iframe was still loading, so
    the test above opened the plan in a new session with no cookie and got the login form. login()
    now returns once the browser holds the cookie; here the component's script starts late."""

    def late(route) -> None:
        response = route.fetch()
        body = f"setTimeout(function () {{\n{response.text()}\n}}, {LATE_MS});"
        route.fulfill(response=response, body=body)

    page.context.route(COOKIE_SCRIPT, late)
    login(page, app_server.base_url, "demo-clinician")
    assert SESSION_COOKIE in [c["name"] for c in page.context.cookies()]
    page.goto(f"{app_server.base_url}/plan?patient={alex_id}")  # a new session
    page.get_by_role("heading", name="Trends").wait_for(state="visible")
