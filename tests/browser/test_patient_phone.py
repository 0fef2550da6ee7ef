"""The demo patient on a phone (390 x 844) in Debian's headless Chromium."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import jwt
import pytest

from tests.browser.conftest import (
    SESSION_COOKIE,
    USERNAME,
    AppServer,
    describe,
    login,
    serious_violations,
    show_login_form,
    wait_for_app_idle,
    wait_until_settled,
)

pytestmark = pytest.mark.browser

PATIENT = "demo-patient"
RECORD_NUMBER = "DEMO-0001"
PATIENT_TZ = "America/New_York"
PAIN_LABEL = "How strong is your pain right now? (0 = no pain, 10 = worst you can imagine)"
ANYTHING_NEW = "Anything new or different about your health since your last check-in?"
ANSWERS = {
    "How did you sleep last night?": "Good",
    "How is your mood today?": "OK",
    "How stressed do you feel?": "Some",
    "Are you having a flare today?": "No",
    "Any change in your medicines?": "No",
}
PHONE_WIDTH = 390

# --- helpers ---------------------------------------------------------------------------------


def patient_today() -> str:
    return datetime.now(ZoneInfo(PATIENT_TZ)).date().isoformat()


def query(app_server: AppServer, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(f"file:{app_server.database_path}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


def choose(page, group_label: str, option: str) -> None:
    """Select ``option`` in the st.segmented_control labelled ``group_label`` (idempotent:
    clicking an already selected segment would clear it)."""
    group = page.get_by_role("radiogroup", name=group_label, exact=True)
    button = group.get_by_role("radio", name=option, exact=True)
    if button.get_attribute("aria-checked") != "true":
        button.click()
    page.wait_for_function(
        """([label, option]) => {
            const group = [...document.querySelectorAll('[role="radiogroup"]')]
                .find(g => g.getAttribute('aria-label') === label);
            const radio = group && [...group.querySelectorAll('[role="radio"]')]
                .find(r => r.innerText.trim() === option);
            return radio && radio.getAttribute('aria-checked') === 'true';
        }""",
        arg=[group_label, option],
    )
    wait_for_app_idle(page)


def set_pain(page, value: int) -> None:
    """Pain is a 0-10 choice with no default (a slider used to record a 5 nobody chose)."""
    choose(page, PAIN_LABEL, str(value))


def fill_check_in(page, pain: int, anything_new: str) -> None:
    set_pain(page, pain)
    for label, option in ANSWERS.items():
        choose(page, label, option)
    choose(page, ANYTHING_NEW, anything_new)


def save_check_in(page) -> None:
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Your check-in is saved").wait_for(state="visible")
    wait_for_app_idle(page)


def assert_emergency_instructions(page) -> None:
    """The red box of the emergency guidance is on screen and says to call 911."""
    box = page.locator(
        '[data-testid="stAlertContentError"]', has_text="Please get emergency help now"
    ).last
    box.wait_for(state="visible")
    assert "Call 911" in box.inner_text()  # case-sensitive, unlike get_by_text
    assert box.get_by_text("Call 911", exact=False).first.is_visible()


def expect_visible(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(state="visible")


def expect_today(page) -> None:
    page.get_by_role("heading", name="Week 3 of 12").wait_for(state="visible")


def login_form_is_shown(page) -> bool:
    return page.locator(USERNAME).first.is_visible()


# --- tests -----------------------------------------------------------------------------------


def test_it_saves_the_daily_check_in_from_a_phone(page, app_server):
    login(page, app_server.base_url, PATIENT)
    assert page.evaluate("[innerWidth, innerHeight]") == [PHONE_WIDTH, 844]
    expect_today(page)

    fill_check_in(page, pain=3, anything_new="No")
    save_check_in(page)

    rows = query(
        app_server,
        "SELECT c.pain, c.sleep_quality, c.mood, c.stress, c.flare, c.anything_new "
        "FROM checkin c JOIN patient p ON p.id = c.patient_id "
        "WHERE p.record_number = ? AND c.local_date = ?",
        (RECORD_NUMBER, patient_today()),
    )
    assert rows == [(3, 4, 3, 3, 0, 0)]


def test_it_shows_emergency_instructions_as_soon_as_a_warning_sign_is_ticked(page, app_server):
    login(page, app_server.base_url, PATIENT)
    fill_check_in(page, pain=8, anything_new="Yes")
    chest = page.get_by_role("checkbox", name="Chest pain or pressure")
    if not chest.is_checked():
        page.locator('[data-testid="stCheckbox"]', has_text="Chest pain or pressure").click()
    assert_emergency_instructions(page)
    assert page.get_by_text("Your check-in is saved").count() == 0  # shown before saving

    save_check_in(page)
    assert_emergency_instructions(page)

    flags = query(
        app_server,
        "SELECT f.severity, f.status FROM flag f JOIN patient p ON p.id = f.patient_id "
        "WHERE p.record_number = ? AND f.rule = 'warning_sign'",
        (RECORD_NUMBER,),
    )
    assert ("emergency", "open") in flags


def test_it_logs_in_again_from_the_cookie_and_logs_out(page, context, app_server):
    login(page, app_server.base_url, PATIENT)

    # the browser holds our signed session id, nothing that names the person
    [cookie] = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    claims = jwt.decode(cookie["value"], options={"verify_signature": False})
    assert set(claims) == {"sid", "exp"} and len(claims["sid"]) >= 43
    tab = context.new_page()
    tab.goto(app_server.base_url)
    expect_today(tab)
    wait_for_app_idle(tab)  # the cookie manager's rerun could swallow the next click
    assert not login_form_is_shown(tab)

    tab.get_by_role("link", name="Account", exact=True).click()
    tab.get_by_role("heading", name="Your account").wait_for(state="visible")
    wait_for_app_idle(tab)
    tab.get_by_role("button", name="Log out").click()
    tab.locator(USERNAME).first.wait_for(state="visible")
    expect_visible(tab, "You are logged out.")

    fresh = context.new_page()
    show_login_form(fresh, app_server.base_url)
    wait_until_settled(fresh)
    assert login_form_is_shown(fresh)
    assert fresh.get_by_text("Week 3 of 12").count() == 0


def test_the_login_form_starts_at_the_top_of_a_phone(page, app_server):
    # It opened under ~150 px of blank (Streamlit's header and padding, the cookie component's
    # empty frame): the phone showed the form and the clinic's number only after a scroll.
    show_login_form(page, app_server.base_url)
    title = page.get_by_role("heading", name="Recalibrate").bounding_box()
    assert title["y"] <= 60, f"the title starts {title['y']:.0f}px down"
    call = page.get_by_text("Call the clinic").first.bounding_box()
    log_in = page.get_by_role("button", name="Log in").bounding_box()
    assert log_in["y"] + log_in["height"] <= call["y"] <= 844 - call["height"]


def test_it_has_no_horizontal_scroll_on_today(page, app_server):
    login(page, app_server.base_url, PATIENT)
    expect_today(page)
    page.get_by_role("link", name="Get help now").wait_for(state="visible")  # rendered to the end
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"Today is {width}px wide on a {PHONE_WIDTH}px phone"
    # Streamlit scrolls inside <main>: nothing may overflow sideways there either.
    main_width = page.locator('[data-testid="stMain"]').evaluate("m => m.scrollWidth")
    assert main_width <= PHONE_WIDTH, f"Today's content is {main_width}px wide"


@pytest.mark.parametrize("link", [None, "Get help"], ids=["today", "get-help"])
def test_it_has_no_serious_accessibility_violations(page, app_server, link):
    login(page, app_server.base_url, PATIENT)
    if link is None:
        expect_today(page)
        page.get_by_role("link", name="Get help now").wait_for(state="attached")
    else:
        page.get_by_role("link", name=link, exact=True).click()
        page.get_by_role("heading", name="Get help now").wait_for(state="visible")
        wait_for_app_idle(page)
    critical, unexpected = serious_violations(page)
    assert not critical, describe(critical)
    assert not unexpected, describe(unexpected)


@pytest.mark.parametrize(
    "username,home", [("demo-coordinator", "Patient panel"), ("demo-admin", "Users and enrolment")]
)
def test_it_lands_staff_on_their_home_and_remembers_them_in_a_new_tab(
    page, context, app_server, username, home
):
    # The login run carries the page chosen while logged out (a patient page); staff must land on
    # their own home and the re-login cookie must still reach the browser in that run.
    login(page, app_server.base_url, username)
    # .first: during a rerun the stale heading and the redrawn one are both in the DOM a moment.
    page.get_by_role("heading", name=home).first.wait_for(state="visible")
    assert page.get_by_text("not available for your account").count() == 0
    tab = context.new_page()
    tab.goto(app_server.base_url)
    tab.get_by_role("heading", name=home).first.wait_for(state="visible")
    assert not login_form_is_shown(tab)
