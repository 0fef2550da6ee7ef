"""The clinic's call button on a phone (390 x 844): a real tel: link, full width, easy to tap."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login, show_login_form

pytestmark = pytest.mark.browser

CLINIC_TEL = "tel:+16175550142"  # the demo clinic, (617) 555-0142
MIN_TAP_PX = 44
PHONE_WIDTH = 390


def call_button_box(page) -> dict:
    link = page.locator(f'a[href="{CLINIC_TEL}"]').first
    link.wait_for(state="visible")
    link.scroll_into_view_if_needed()
    return link.bounding_box()


def test_it_offers_a_big_tap_to_call_button_for_the_clinic_at_login(page, base_url):
    show_login_form(page, base_url)
    box = call_button_box(page)
    assert box["height"] >= MIN_TAP_PX
    assert box["width"] >= PHONE_WIDTH * 0.8  # the full width of the column


def test_it_offers_the_same_call_button_on_get_help_for_a_patient(page, base_url):
    login(page, base_url, "demo-patient")
    page.goto(f"{base_url}/help")
    box = call_button_box(page)
    assert box["height"] >= MIN_TAP_PX and box["width"] >= PHONE_WIDTH * 0.8
    # The care team's names are drawn after the call button: wait for them (is_visible does not),
    # as a loaded machine failed this once.
    coordinator = page.get_by_text("Casey Morgan").first
    coordinator.wait_for(state="visible")
    assert coordinator.is_visible()
