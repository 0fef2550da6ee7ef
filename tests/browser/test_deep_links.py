"""Deep links while logged out, sent to a server process nobody has visited yet.

Streamlit's old multipage mode (the first run of a server process) could run a top-level
pages/<name>.py directly when the url path matched its name, skipping app.py's login gate. Every
url path app.py registers, every screen's file stem and every old top-level name must show the
login form and nothing else, to the very first visitors of a fresh server.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Error as PlaywrightError

from pages.shell.page_table import PAGES
from tests.browser.conftest import (
    PHONE,
    REPO_ROOT,
    TIMEOUT_MS,
    USERNAME,
    AppServer,
    running_app,
    wait_for_app_idle,
)

pytestmark = pytest.mark.browser

# The screens' names before pages/ had subfolders; links and bookmarks may still carry them.
OLD_TOP_LEVEL = (
    "patient_today",
    "patient_learn",
    "patient_progress",
    "patient_onboarding",
    "patient_questionnaire",
    "patient_help",
    "coordinator_panel",
    "coordinator_flags",
    "coordinator_logins",
    "clinician_plan",
    "admin_users",
    "admin_sessions",
    "admin_audit",
    "admin_clinic",
    "account",
    "common",
    "password_forms",
)


def registered_url_paths() -> list[str]:
    """The url paths of the app's page table (pages/shell/page_table.py, what app.py registers)."""
    return [url_path for _, url_path, *_ in PAGES]


def page_file_stems() -> list[str]:
    """The stem of every .py file under pages/ (a url path is one segment: no folders)."""
    return [p.stem for p in sorted((REPO_ROOT / "pages").rglob("*.py"))]


def page_folders() -> list[str]:
    """The subfolders of pages/ (``patient``, ``care``...): a url path one might try too."""
    return [
        p.name for p in sorted((REPO_ROOT / "pages").iterdir()) if p.is_dir() and p.name[0] != "_"
    ]


def deep_links() -> list[str]:
    # Old top-level names first: the very first run of a process is the one that scanned pages/.
    links = [*OLD_TOP_LEVEL, *registered_url_paths(), *page_file_stems(), *page_folders()]
    return list(dict.fromkeys(links))


@pytest.fixture(scope="module")
def fresh_server() -> Iterator[AppServer]:
    with running_app(prefix="recalibrate-deep-links-") as server:
        yield server


# What Streamlit itself says over the login form for a url path that is not registered.
PAGE_NOT_FOUND = (
    "Page not found\nThe page that you have requested does not seem to exist. "
    "Running the app's main page."
)
LOGIN_FORM_ONLY = {"usernames": 1, "passwords": 1, "headings": ["Recalibrate"], "errors": []}
SHOWN = '[data-testid="stMain"] h1, [data-testid="stAlert"], [data-testid="stException"]'
ERRORS = '[data-testid="stAlertContentError"], [data-testid="stException"]'
BATCH = 6  # tabs loading at once: the server works on several first runs in parallel


def what_is_shown(page) -> dict[str, object]:
    page.locator(f"{USERNAME}, {SHOWN}").first.wait_for(state="visible")
    wait_for_app_idle(page)
    # A fresh server's first run can be cut short by the rerun that follows it (the "page not
    # found" fallback, the cookie manager): on a loaded machine the login title then stands alone
    # for a moment and the app looks idle. The login screen is only finished with its form, so
    # give the form (or an error) time to come; a screen that is not the login form never shows
    # one, and is then recorded as it is.
    with contextlib.suppress(PlaywrightError):
        page.locator(f"{USERNAME}, {ERRORS}").first.wait_for(state="visible", timeout=10_000)
    wait_for_app_idle(page)
    main = page.locator('[data-testid="stMain"]')
    return {
        "usernames": page.locator(USERNAME).count(),
        "passwords": page.get_by_label("Password", exact=True).count(),
        "headings": main.locator("h1, h2, h3, h4").all_inner_texts(),
        "errors": page.locator(ERRORS).all_inner_texts(),
        "dialogs": [d for d in page.locator('[role="dialog"]').all_inner_texts() if d],
    }


def is_login_form_only(shown: dict[str, object]) -> bool:
    dialogs = shown.pop("dialogs")
    return shown == LOGIN_FORM_ONLY and all(d == PAGE_NOT_FOUND for d in dialogs)


def test_it_shows_only_the_login_form_for_every_deep_link_on_a_fresh_server(browser, fresh_server):
    links = deep_links()
    assert {"today", "patient_today", "flags", "coordinator_flags", "login"} <= set(links)
    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    shown_instead: dict[str, dict[str, object]] = {}
    try:
        # The first link alone: the first run of the server process; then the rest, a few at once.
        for batch in [links[:1]] + [links[i : i + BATCH] for i in range(1, len(links), BATCH)]:
            tabs = {link: context.new_page() for link in batch}
            for link, tab in tabs.items():
                tab.goto(f"{fresh_server.base_url}/{link}")
            for link, tab in tabs.items():
                shown = what_is_shown(tab)
                if not is_login_form_only(dict(shown)):
                    shown_instead[link] = shown
                tab.close()
    finally:
        context.close()
    assert not shown_instead, f"not just the login form: {shown_instead}"
