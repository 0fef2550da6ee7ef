"""The sleep diary on a phone (390 x 844): a night picked, typed in with the thumb, saved.

Uses a fresh patient of its own, so the demo patient's diary (and the other browser tests) are
left as they are.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest

from core.clock import local_today
from db.actions import give_consent, save_goals
from db.models import SleepDiaryEntry
from program.onboarding import CONSENT_VERSION
from program.sleep_wording import night_label
from tests.browser.conftest import describe, login, patient_page_findings, wait_for_app_idle
from tests.utils import PASSWORD, actor_for, make_patient, rows

pytestmark = pytest.mark.browser

TIMEZONE = "America/New_York"


@pytest.fixture
def sleeper(app_server, monkeypatch) -> str:
    """A patient in week 3 with an empty sleep diary."""
    monkeypatch.setenv("DATABASE_URL", app_server.database_url)
    username = f"sleep-{secrets.token_hex(4)}"
    make_patient("Noa", username=username, start=local_today(TIMEZONE) - timedelta(days=15))
    actor = actor_for(username)
    give_consent(actor=actor, version=CONSENT_VERSION)
    save_goals(actor=actor, goals=["Sleep through the night"])
    return username


def pick_time(page, label: str, clock: str) -> None:
    """Streamlit's time field (the phone's own 12- or 24-hour clock): tap it, type the digits."""
    field = page.get_by_role("group", name=label)
    assert field.bounding_box()["height"] >= 44
    hours, minutes = (int(part) for part in clock.split(":"))
    period = field.locator('[data-type="dayPeriod"]')
    twelve = period.count() > 0
    shown = (hours % 12 or 12) if twelve else hours
    field.locator('[data-type="hour"]').click()
    page.keyboard.type(f"{shown:02d}{minutes:02d}")
    if twelve:
        period.click()
        page.keyboard.type("P" if hours >= 12 else "A")


def test_it_saves_the_night_before_last_typed_in_on_a_phone(page, app_server, sleeper):
    login(page, app_server.base_url, sleeper, PASSWORD)
    page.goto(f"{app_server.base_url}/sleep")
    page.get_by_role("heading", name="Sleep diary").wait_for()
    wait_for_app_idle(page)
    today = local_today(TIMEZONE)
    night = today - timedelta(days=2)
    page.get_by_label("Which night?").click()
    page.get_by_role("option", name=night_label(night, today)).click()
    wait_for_app_idle(page)
    pick_time(page, "When did you get into bed?", "23:40")
    page.get_by_label("How long after getting into bed did you fall asleep? (minutes)").fill("35")
    page.get_by_label("How many times did you wake up in the night?").fill("2")
    page.get_by_label(
        "How many minutes were you awake in the night, after you first fell asleep?"
    ).fill("25")
    pick_time(page, "When did you wake up for the last time?", "06:10")
    pick_time(page, "When did you get out of bed?", "06:30")
    page.locator('[data-testid="stButtonGroup"] button', has_text=re.compile("^Good$")).click()
    save = page.get_by_role("button", name="Save my diary")
    box = save.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a thumb-sized, full-width target
    save.click()
    page.get_by_text("Saved. Thank you for writing it down.").wait_for()
    wait_for_app_idle(page)
    [entry] = rows(SleepDiaryEntry, patient_id=actor_for(sleeper).patient_id)
    # 23:40 -> 06:30 is 410 minutes in bed; 390 to the final waking less 35 + 25 awake.
    assert (entry.night, entry.time_in_bed, entry.total_sleep, entry.quality) == (
        night,
        410,
        330,
        4,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    found = patient_page_findings(page)
    assert not found, describe(found)
