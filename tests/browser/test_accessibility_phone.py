"""axe-core on every page of every role at 390 x 844: no serious or critical finding anywhere, and
headings in order (no skipped level) on every patient page.

Each page is opened by its address after logging in once (the login cookie brings the user back),
so the list below is the router's table (app.py PAGES) as each demo account sees it.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    SERIOUS,
    axe_violations,
    describe,
    login,
    patient_page_findings,
    wait_for_app_idle,
)

pytestmark = pytest.mark.browser

LESSON = "learn?lesson=flares-pass"
# Every page each demo account may open (app.py PAGES), by url path. The first is the role's home,
# served at the root ("/today" would be Streamlit's "Page not found" dialog over Today).
PAGES_BY_ROLE: dict[str, tuple[str, ...]] = {
    "demo-patient": (
        "",
        "learn",
        LESSON,
        "move",
        "flare-plan",
        "sleep",
        "breathe",
        "progress",
        "welcome",
        "questions",
        "help",
        "my-account",
    ),
    "demo-coordinator": ("", "flags", "patient-logins", "my-account"),
    # The plan page opened on a patient (the demo's first, Alex) and the editor on a module.
    "demo-clinician": (
        "",
        "flags",
        "plan",
        "plan?patient=1",
        "modules",
        "modules?module=1",
        "rules",
        "my-account",
    ),
    "demo-admin": (
        "",
        "sessions",
        "approvals",
        "audit-log",
        "clinic-settings",
        "outbox",
        "my-account",
    ),
}


def open_page(page, base_url: str, path: str) -> None:
    """Open ``path`` by its address and wait until the page has drawn its title."""
    page.goto(f"{base_url}/{path}")
    page.locator('[data-testid="stMain"] h1:visible').first.wait_for(state="visible")
    wait_for_app_idle(page)
    page.wait_for_timeout(300)  # charts and components draw after the script ends
    wait_for_app_idle(page)
    # A wrong address opens a modal that hides the page from axe: it would check nothing.
    assert page.get_by_text("Page not found").count() == 0, f"/{path} is not a page"


def findings(page, patient: bool) -> list[dict]:
    """Serious and critical findings; on a patient page also any heading-order finding."""
    if patient:
        return patient_page_findings(page)
    return [v for v in axe_violations(page) if v["impact"] in SERIOUS]


@pytest.mark.parametrize("username", list(PAGES_BY_ROLE))
def test_it_has_no_serious_accessibility_finding_on_any_page_of_the_role(
    page, app_server, username
):
    login(page, app_server.base_url, username)
    problems = []
    for path in PAGES_BY_ROLE[username]:
        open_page(page, app_server.base_url, path)
        if found := findings(page, patient=username == "demo-patient"):
            problems.append(f"== {username} /{path} ==\n{describe(found)}")
    assert not problems, "\n".join(problems)
