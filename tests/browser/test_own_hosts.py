"""Nothing a patient's browser loads comes from anyone but the clinic's own server.

A request to another host tells that host who opens a clinic's app, when, and from where (the
address): Streamlit's ``:material/...:`` tab icon did that, fetching from fonts.gstatic.com
(Google) on every load. Every request and websocket of the page is recorded, including the
browser's own fetch of the tab icon.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import login, show_login_form, wait_for_app_idle
from tests.browser.test_accessibility_phone import PAGES_BY_ROLE, open_page

pytestmark = pytest.mark.browser

ICON_JS = "() => document.querySelector(\"link[rel='shortcut icon']\")?.href ?? null"


def _record(context, page) -> list[str]:
    """Every URL the browser asks for from now on: requests (page, workers, tab icon) and sockets."""
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url))
    page.on("websocket", lambda ws: seen.append(ws.url))
    return seen


def _elsewhere(seen: list[str], base_url: str) -> list[str]:
    own = urlsplit(base_url).netloc
    return [
        u for u in seen if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own
    ]


def _icon_is_ours(page, base_url: str) -> None:
    page.wait_for_timeout(500)  # the browser fetches the tab icon after the page sets it
    icon = page.evaluate(ICON_JS)
    assert icon is not None and urlsplit(icon).netloc == urlsplit(base_url).netloc, icon
    answer = page.context.request.get(icon)
    assert answer.ok and answer.headers["content-type"] == "image/png", icon


def test_it_loads_the_login_page_from_the_app_alone(context, page, base_url):
    seen = _record(context, page)
    show_login_form(page, base_url)
    _icon_is_ours(page, base_url)
    assert seen, "no request was recorded"
    assert _elsewhere(seen, base_url) == []


def test_it_loads_today_after_login_from_the_app_alone(context, page, base_url):
    seen = _record(context, page)
    login(page, base_url, "demo-patient")
    page.get_by_role("radiogroup").first.wait_for()  # Today's check-in is drawn
    wait_for_app_idle(page)
    _icon_is_ours(page, base_url)
    assert _elsewhere(seen, base_url) == []


@pytest.mark.slow
def test_it_loads_every_patient_page_from_the_app_alone(context, page, base_url):
    login(page, base_url, "demo-patient")
    seen = _record(context, page)
    for path in PAGES_BY_ROLE["demo-patient"]:
        open_page(page, base_url, path)
        page.wait_for_timeout(300)
    assert len(seen) > len(PAGES_BY_ROLE["demo-patient"])
    assert _elsewhere(seen, base_url) == []
