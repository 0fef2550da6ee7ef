"""A ticked warning sign reaches the care team from a phone (390 x 844) with nothing else answered.

Uses a fresh patient of its own (onboarded, no check-in today), so that every other check-in
question really is blank, whatever the other browser tests saved for the demo patient.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from sqlmodel import select

from core.clock import local_today
from db.actions import give_consent, save_goals
from db.engine import read_session
from db.models import CheckIn, Flag, User, WarningSignReport
from program.onboarding import CONSENT_VERSION
from tests.browser.conftest import login, wait_for_app_idle
from tests.browser.test_patient_phone import ANYTHING_NEW, PHONE_WIDTH, choose
from tests.utils import PASSWORD, actor_for, make_patient, rows

pytestmark = pytest.mark.browser

TIMEZONE = "America/New_York"


@pytest.fixture
def onboarded_patient(app_server, monkeypatch) -> tuple[str, int]:
    """(username, patient id) of a patient in week 3 who has not checked in today."""
    monkeypatch.setenv("DATABASE_URL", app_server.database_url)
    username = f"signs-{secrets.token_hex(4)}"
    with read_session() as session:
        team = {
            role: session.exec(select(User).where(User.username == f"demo-{role}")).one()
            for role in ("coordinator", "clinician")
        }
    start = local_today(TIMEZONE) - timedelta(days=15)
    patient = make_patient("Sky", username=username, start=start, timezone=TIMEZONE, **team)
    actor = actor_for(username)
    give_consent(actor=actor, version=CONSENT_VERSION)
    save_goals(actor=actor, goals=["Walk to the park"])
    return username, patient.id


def test_it_sends_a_ticked_warning_sign_with_nothing_else_answered(
    page, app_server, onboarded_patient
):
    username, patient_id = onboarded_patient
    login(page, app_server.base_url, username, PASSWORD)
    assert page.evaluate("[innerWidth, innerHeight]") == [PHONE_WIDTH, 844]

    choose(page, ANYTHING_NEW, "Yes")
    page.locator('[data-testid="stCheckbox"]', has_text="Chest pain or pressure").click()
    send = page.get_by_role("button", name="Send to my care team")
    send.wait_for(state="visible")
    wait_for_app_idle(page)
    send.click()

    saved = page.locator('[data-testid="stAlertContentSuccess"]', has_text="are saved")
    saved.wait_for(state="visible")
    assert "during clinic hours" in saved.inner_text()
    assert "Nobody is watching the app right now" in saved.inner_text()
    page.get_by_text("What to do now").wait_for(state="visible")  # the steps follow the message
    wait_for_app_idle(page)

    assert [r.signs for r in rows(WarningSignReport, patient_id=patient_id)] == [["chest_pain"]]
    flags = [(f.rule, f.severity, f.status) for f in rows(Flag, patient_id=patient_id)]
    assert flags == [("warning_sign", "emergency", "open")]
    assert rows(CheckIn, patient_id=patient_id) == []  # the other questions were never answered
