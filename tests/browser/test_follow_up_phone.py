"""From the prompt on Today to a follow-up request, on a phone (390 x 844).

Uses a fresh patient of its own with an open "persisting" flag (its words for the patient as the
cohort run stores them), so what the other browser tests do to the demo patient does not matter.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from sqlmodel import select

from core.clock import local_today
from db.actions import give_consent, open_or_update_flag, save_goals
from db.engine import read_session, write_session
from db.models import FollowUpRequest, User
from program import follow_up_wording as fw
from program.onboarding import CONSENT_VERSION
from program.rules import FlagSpec
from tests.browser.conftest import login, wait_for_app_idle
from tests.browser.test_patient_phone import PHONE_WIDTH, choose
from tests.utils import PASSWORD, actor_for, make_patient, rows

pytestmark = pytest.mark.browser

TIMEZONE = "America/Chicago"
WORDS = (
    "Your weekly pain score started at 6.3. Your last 2 weekly scores averaged 6.0. "
    "Your care team would like to hear how things are going."
)


@pytest.fixture
def prompted_patient(app_server, monkeypatch) -> tuple[str, int, int]:
    """(username, patient id, flag id) of a patient in week 7 whose weekly pain score has not
    fallen: the persisting rule's flag is open and prompts them."""
    monkeypatch.setenv("DATABASE_URL", app_server.database_url)
    username = f"prompt-{secrets.token_hex(4)}"
    with read_session() as session:
        team = {
            role: session.exec(select(User).where(User.username == f"demo-{role}")).one()
            for role in ("coordinator", "clinician")
        }
    start = local_today(TIMEZONE) - timedelta(days=45)
    patient = make_patient("Rae", username=username, start=start, timezone=TIMEZONE, **team)
    actor = actor_for(username)
    give_consent(actor=actor, version=CONSENT_VERSION)
    save_goals(actor=actor, goals=["Garden again"])
    spec = FlagSpec(
        "persisting",
        "soon",
        f"persisting:browser-{patient.id}",
        "Persisting symptoms in week 7: baseline PEG 6.3, mean of the last 2 weekly PEGs 6.0.",
        {"baseline_peg": 6.3, "recent_mean": 6.0},
        patient_explanation=WORDS,
    )
    with write_session() as session:
        flag = open_or_update_flag(session, patient.id, spec)
    return username, patient.id, flag.id


def test_it_goes_from_the_prompt_on_today_to_a_request_on_a_phone(
    page, app_server, prompted_patient
):
    username, patient_id, flag_id = prompted_patient
    login(page, app_server.base_url, username, PASSWORD)
    assert page.evaluate("[innerWidth, innerHeight]") == [PHONE_WIDTH, 844]

    # The prompt is the first thing under the greeting, in the rule's own words.
    prompt = page.locator(".st-key-follow-up-prompt")
    prompt.wait_for(state="visible")
    assert fw.PROMPT_TITLE in prompt.inner_text() and WORDS in prompt.inner_text()
    box = prompt.bounding_box()
    assert box["y"] < 844, "the prompt is not on the first screen"
    schedule = prompt.get_by_role("button", name=fw.SCHEDULE)
    not_now = prompt.get_by_role("button", name=fw.NOT_NOW)
    for button in (schedule, not_now):  # thumb-sized
        assert button.bounding_box()["height"] >= 44
    schedule.click()

    page.get_by_role("heading", name=fw.PAGE_TITLE).wait_for(state="visible")
    wait_for_app_idle(page)
    page.get_by_text(fw.ASKING_ABOUT).wait_for(state="visible")
    assert WORDS in page.locator('[data-testid="stMain"]').inner_text()
    choose(page, fw.MODALITY_QUESTION, fw.MODALITY_WORDS["in_person"])
    times = page.locator('[data-testid="stMultiSelect"] input')
    for typed, option in (("Tuesday, mor", "Tuesday, morning"), ("Any day, eve", "evening")):
        times.fill(typed)
        page.get_by_role("option").filter(has_text=option).first.click()
    page.keyboard.press("Escape")
    page.get_by_label(fw.NOTE_QUESTION).fill("After 10 is best, I drive my son to school.")
    send = page.get_by_role("button", name=fw.SEND)
    assert send.bounding_box()["height"] >= 44
    send.click()

    sent = page.locator('[data-testid="stAlertContentSuccess"]', has_text=fw.SENT)
    sent.wait_for(state="visible")
    wait_for_app_idle(page)
    assert "Your care team will get in touch to find a time." in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    (request,) = rows(FollowUpRequest, patient_id=patient_id)
    assert (request.status, request.flag_id, request.modality) == (
        "requested",
        flag_id,
        "in_person",
    )
    assert request.windows == [
        {"day": "tue", "time": "morning"},
        {"day": "any", "time": "evening"},
    ]
    assert request.note == "After 10 is best, I drive my son to school."
