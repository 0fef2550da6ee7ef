"""The admin sees a login paused for one client address, and unlocks it (issue 10, item 11)."""

from __future__ import annotations

from core.settings import load_settings
from db.auth import authenticate
from tests.pages.conftest import texts
from tests.utils.screens import button

BEHIND_NGINX = load_settings({"RECALIBRATE_ENV": "test", "TRUSTED_PROXIES": "127.0.0.1"})
GUESSER = "203.0.113.7"


def login_from(client: str, password: str) -> bool:
    result = authenticate(
        username="demo-clinician", password=password, settings=BEHIND_NGINX, client=client
    )
    return result.ok


def test_it_shows_a_login_paused_for_one_client_and_unlocks_it(app_as):
    for _ in range(5):
        assert not login_from(GUESSER, "wrong guess")
    at = app_as("demo-admin")
    at.switch_page("pages/admin/sessions.py").run()
    shown = "\n".join(t.value for t in at.text)
    assert f"Dr. Jordan Lee (demo-clinician) from {GUESSER} only: paused until" in shown
    assert not login_from(GUESSER, "recalibrate-demo")
    button(at, "Unlock").click().run()
    assert f"demo-clinician can log in again from {GUESSER}." in texts(at)
    assert login_from(GUESSER, "recalibrate-demo")
