"""The files made on download, in a real browser at 390 x 844: the clinician's visit summary from
the plan page, and the patient's own summary from Progress (Streamlit builds a deferred download
in a thread of its own, which AppTest never runs)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from program.visit_summary_wording import SHARE_BUTTON
from tests.browser.conftest import USERNAME, login, wait_for_app_idle

pytestmark = pytest.mark.browser


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


@pytest.fixture
def warm_page(page, app_server):
    """The page, once the server has drawn its first login form (a cold start on a loaded
    machine can take longer than one wait; the tests below are not about start-up time)."""
    page.goto(app_server.base_url)
    page.locator(USERNAME).first.wait_for(state="visible", timeout=120_000)
    return page


def open_path(page, base_url: str, path: str) -> None:
    page.wait_for_timeout(1500)  # the re-login cookie is written just after the login run
    page.goto(f"{base_url}/{path}")
    page.locator('[data-testid="stMain"] h1:visible').first.wait_for(state="visible")
    wait_for_app_idle(page)


def test_it_downloads_the_care_teams_visit_summary_from_the_plan_page(warm_page, app_server):
    page = warm_page
    with sqlite3.connect(app_server.database_path) as conn:
        (maria,) = conn.execute(
            "SELECT id FROM patient WHERE record_number = 'DEMO-0002'"
        ).fetchone()
    login(page, app_server.base_url, "demo-clinician")
    open_path(page, app_server.base_url, f"plan?patient={maria}")
    page.get_by_role("tab", name="Records").click()
    shown = pdf_text(download(page, "Visit summary (PDF)"))
    assert "Visit summary (care team)" in shown and "Maria Santos" in shown
    assert "(moderate)" in shown
    with sqlite3.connect(app_server.database_path) as conn:
        rows = conn.execute(
            "SELECT count(*) FROM auditevent WHERE action = 'visit_summary_for_staff' "
            "AND patient_id = ? AND outcome = 'ok'",
            (maria,),
        ).fetchone()
    assert rows == (1,)


def test_it_downloads_the_patients_own_summary_from_progress(warm_page, app_server):
    page = warm_page
    login(page, app_server.base_url, "demo-patient")
    open_path(page, app_server.base_url, "progress")
    shown = pdf_text(download(page, SHARE_BUTTON))
    assert "My summary to share" in shown and "Alex Rivera" in shown
    assert "Open flags" not in shown and "30%" not in shown
