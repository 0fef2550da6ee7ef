"""The scale demo's downloads and cookies (tests/utils/scale_phones.py drives the phones): each
file through the proxy, and again after a second tab of the same browser has opened (a second
Streamlit session: its files must come from the replica that made them), and the cookies a
browser holds over TLS."""

from __future__ import annotations

from pathlib import Path

from program.reminder_wording import DOWNLOAD as ICS_BUTTON
from program.visit_summary_wording import SHARE_BUTTON as PDF_BUTTON
from tests.browser.conftest import wait_for_app_idle as idle
from tests.utils.scale_demo import COORDINATOR, Stack
from tests.utils.scale_phones import TIMEOUT_MS, Phone, open_phone


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name=label).first.click()
    return Path(info.value.path()).read_bytes()


def go(page, base_url: str, path: str):
    """Open ``path`` in ``page`` (a new session of the app, logged in by its cookie)."""
    page.wait_for_timeout(1500)  # the re-login cookie is written just after the login run
    page.goto(f"{base_url}/{path}")
    page.locator('[data-testid="stMain"] h1:visible').first.wait_for(state="visible")
    idle(page)
    return page


def open_tab(phone: Phone, base_url: str, path: str):
    """A page of the app in a second tab of the same browser."""
    return go(phone.context.new_page(), base_url, path)


def downloads(browser, stack: Stack, patient: str, problems: list[str]) -> dict[str, str]:
    """Each file through the proxy, then again after a second tab of that browser opened."""
    done: dict[str, str] = {}

    def check(name: str, data: bytes, starts: bytes, needs: bytes = b"") -> None:
        good = data.startswith(starts) and needs in data
        done[name] = f"ok ({len(data)} bytes)" if good else "WRONG"
        if not good:
            problems.append(f"download {name} is not a {starts!r} file: {data[:60]!r}")

    phone = open_phone(browser, stack, patient)
    first = go(phone.page, stack.base_url, "reminders")
    check("ics", download(first, ICS_BUTTON), b"BEGIN:VCALENDAR", b"BEGIN:VEVENT")
    second = open_tab(phone, stack.base_url, "progress")
    check("pdf, second tab", download(second, PDF_BUTTON), b"%PDF-")
    check("ics, first tab after the second opened", download(first, ICS_BUTTON), b"BEGIN:VCAL")
    staff = open_phone(browser, stack, COORDINATOR, "recalibrate-demo")
    idle(staff.page)
    label = "as CSV"  # "Download these N as CSV"
    check("csv", download(staff.page, label), b"", b",")
    staff_second = open_tab(staff, stack.base_url, "flags")
    check("csv, first tab after a second opened", download(staff.page, label), b"", b",")
    staff_second.close()
    for each in (phone, staff):
        each.context.close()
    return done


def cookies(phone: Phone, problems: list[str]) -> dict:
    jar = {c["name"]: c for c in phone.context.cookies()}
    login_cookie = jar.get("recalibrate_session", {})
    route = jar.get("rc_route", {})
    if not login_cookie.get("secure"):
        problems.append(f"the login cookie is not Secure over TLS: {sorted(jar)}")
    if not (route.get("secure") and route.get("httpOnly")):
        problems.append("the route cookie is not Secure and HttpOnly")
    return {
        "login_cookie_secure": bool(login_cookie.get("secure")),
        "route_cookie": f"secure={route.get('secure')} httpOnly={route.get('httpOnly')}",
    }
