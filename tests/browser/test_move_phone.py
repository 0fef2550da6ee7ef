"""Logging movement on a phone (390 x 844): the demo patient opens Move, reads today's target, the
why line and the stop rules, opens how to do it (our diagram), logs a lighter day with a thumb and
sees it saved, also after opening Move again."""

from __future__ import annotations

import pytest

from program import move_wording as mw
from tests.browser.conftest import login, wait_for_app_idle

pytestmark = pytest.mark.browser

MIN_TAP_PX = 44
WALK = '[class*="st-key-move-easy-walk-"]'  # the walk card's widgets (keys name the exercise)


def height(locator) -> float:
    return locator.evaluate("e => e.getBoundingClientRect().height")


def open_move(page, base_url: str) -> None:
    page.goto(f"{base_url}/move")
    page.locator('[data-testid="stMain"] h1:visible', has_text="Move").wait_for(state="visible")
    wait_for_app_idle(page)


def tap(page, widget: str, option: str) -> None:
    """Tap ``option`` of the walk card's segmented control ``widget`` (result or felt)."""
    button = page.locator(f'{WALK}[class*="-{widget}"] [role="radio"]', has_text=option).first
    assert height(button) >= MIN_TAP_PX, f"{option}: {height(button)} px"
    if button.get_attribute("aria-checked") != "true":
        button.click()
    wait_for_app_idle(page)


def test_it_logs_a_lighter_day_of_walking_on_a_phone(page, app_server):
    login(page, app_server.base_url, "demo-patient")
    open_move(page, app_server.base_url)
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("Chest pain or pressure.").first.is_visible()  # the stop rules, first
    assert main.get_by_text("10 minutes", exact=True).first.is_visible()
    assert main.get_by_text("last week had a flare, so your plan stays here", exact=False).first
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scroll

    page.get_by_text(mw.HOW_TO).first.click()
    picture = page.locator('[data-testid="stImage"] img[alt*="walking"]').first
    picture.wait_for(state="visible")
    assert picture.evaluate("e => e.naturalWidth") > 0  # the diagram drew
    assert picture.evaluate("e => e.getBoundingClientRect().width") <= 390

    tap(page, "result", mw.RESULT_LABELS["less"])
    amount = page.locator(f'{WALK}[class*="-amount-less"] input')
    amount.wait_for(state="visible")
    amount.fill("6")
    amount.press("Enter")
    wait_for_app_idle(page)
    tap(page, "felt", mw.FEELING_LABELS["hard"])
    save = page.locator(f'{WALK}[class*="-save"] button')
    assert height(save) >= MIN_TAP_PX
    save.click()
    page.get_by_text("Saved. That is OK.", exact=False).first.wait_for(state="visible")
    assert page.get_by_text(mw.AFTER_HARD, exact=False).first.is_visible()
    wait_for_app_idle(page)

    open_move(page, app_server.base_url)  # opened again: the day is logged as it was saved
    assert page.get_by_text(mw.LOGGED_TODAY).first.is_visible()
    chosen = page.locator(f'{WALK}[class*="-result"] [role="radio"][aria-checked="true"]')
    assert chosen.inner_text().strip() == mw.RESULT_LABELS["less"]
    assert page.locator(f'{WALK}[class*="-amount-less"] input').input_value() == "6"
