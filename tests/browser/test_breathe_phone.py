"""A breathing session on a phone (390 x 844): the pacer animates in the browser while the
Streamlit script does not rerun at all, and the session is recorded when it ends.

Reruns are counted in the page: the app element's ``data-test-script-state`` turns "running" on
every run of the script (the attribute Streamlit's own end-to-end tests wait on).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from core.clock import local_today
from db.actions import give_consent, save_goals
from db.models import PracticeSession
from program.onboarding import CONSENT_VERSION
from tests.browser.conftest import (
    PHONE,
    TIMEOUT_MS,
    describe,
    login,
    patient_page_findings,
    wait_for_app_idle,
)
from tests.utils import PASSWORD, actor_for, make_patient, rows

pytestmark = pytest.mark.browser

TIMEZONE = "America/New_York"
COUNT_RUNS = """() => {
    window.__scriptRuns = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') === 'running') window.__scriptRuns += 1;
    }).observe(app, { attributes: true, attributeFilter: ['data-test-script-state'] });
}"""
PACER = ".pacer"  # inside the component's shadow root; Playwright's CSS locators reach it


@pytest.fixture
def breather(app_server, monkeypatch) -> str:
    """A patient in week 3 who has practised nothing yet."""
    monkeypatch.setenv("DATABASE_URL", app_server.database_url)
    username = f"breathe-{secrets.token_hex(4)}"
    make_patient("Ira", username=username, start=local_today(TIMEZONE) - timedelta(days=15))
    actor = actor_for(username)
    give_consent(actor=actor, version=CONSENT_VERSION)
    save_goals(actor=actor, goals=["Feel calmer"])
    return username


def start_session(page, base_url: str, minutes: str = "3") -> None:
    page.goto(f"{base_url}/breathe")
    page.get_by_role("heading", name="Slow breathing").wait_for()
    wait_for_app_idle(page)
    lengths = page.get_by_role("radiogroup", name="How many minutes?")
    lengths.get_by_role("radio", name=minutes, exact=True).click()
    wait_for_app_idle(page)
    page.get_by_role("button", name="Start").click()
    page.locator(f"{PACER} .circle").wait_for()
    wait_for_app_idle(page)


def sample(page, seconds: int) -> list[tuple[str, str]]:
    """The words and the circle's transform, once a second."""
    found = []
    for _ in range(seconds):
        found.append(
            (
                page.locator(f"{PACER} .phase").inner_text(),
                page.locator(f"{PACER} .circle").evaluate("e => getComputedStyle(e).transform"),
            )
        )
        page.wait_for_timeout(1000)
    return found


def practised(username: str) -> list[tuple]:
    return [
        (s.kind, s.minutes, s.breaths_per_minute, s.completed)
        for s in rows(PracticeSession, patient_id=actor_for(username).patient_id)
    ]


def test_it_animates_the_pacer_with_no_script_rerun_and_saves_the_session_at_its_end(
    page, app_server, breather
):
    page.clock.install()  # the page's own clock, so the test can jump to the session's end
    login(page, app_server.base_url, breather, PASSWORD)
    start_session(page, app_server.base_url)
    page.evaluate(COUNT_RUNS)
    seen = sample(page, 6)  # more than one breath in (4 s) and into the breath out
    assert len({transform for _, transform in seen}) >= 4, seen  # the circle grows and shrinks
    assert {"Breathe in", "Breathe out"} <= {words for words, _ in seen}, seen
    assert page.evaluate("window.__scriptRuns") == 0  # not one rerun while it animated
    assert practised(breather) == []
    found = patient_page_findings(page)
    assert not found, describe(found)

    page.clock.fast_forward("03:00")  # the rest of the 3 minutes
    page.get_by_text("Well done. You practised for 3 minutes.").wait_for()
    wait_for_app_idle(page)
    assert practised(breather) == [("breathing", 3, 6, True)]
    assert page.locator(f"{PACER} .circle").count() == 0


def test_it_stops_early_with_finish_and_keeps_still_for_reduced_motion(
    browser, app_server, breather
):
    context = browser.new_context(**PHONE, reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        login(page, app_server.base_url, breather, PASSWORD)
        start_session(page, app_server.base_url, minutes="5")
        page.evaluate(COUNT_RUNS)
        seen = sample(page, 6)
        assert len({transform for _, transform in seen}) == 1, seen  # no movement at all
        assert {"Breathe in", "Breathe out"} <= {words for words, _ in seen}, seen  # words lead
        assert page.evaluate("window.__scriptRuns") == 0
        finish = page.get_by_role("button", name="Finish")
        assert finish.bounding_box()["height"] >= 44
        finish.click()
        page.get_by_text("That was less than a minute, so nothing was saved.").wait_for()
        assert page.evaluate("window.__scriptRuns") >= 1  # Finish is the one rerun
        assert practised(breather) == []
    finally:
        context.close()
