"""A phone that reconnects to a new server session keeps the answer it taps next.

The server restarts (a deploy, a crash, or a move to the other replica behind nginx): the phone
reconnects by itself and logs in again from its cookie, in a new server session. Its first tap on
Today used to snap back to the answer it showed before (the scale demo's "answers put back": every
moved phone), because Today set each answer through ``st.session_state`` in every run, and in a
new session's first run that overrode the tap the phone had just sent.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import (
    PYTHON,
    REPO_ROOT,
    STREAMLIT,
    _free_port,
    _run_step,
    _stop,
    login,
    wait_for_app_idle,
)
from tests.browser.test_patient_phone import PAIN_LABEL, fill_check_in, save_check_in

pytestmark = pytest.mark.browser

PATIENT = "demo-patient"
SHOWN_JS = """(label) => {
    const group = [...document.querySelectorAll('[role="radiogroup"]')]
        .find(g => g.getAttribute('aria-label') === label);
    const on = group && group.querySelector('[role="radio"][aria-checked="true"]');
    return on ? on.innerText.trim() : null;
}"""


class RestartableServer:
    """``streamlit run app.py`` on one port and one demo database, killed and started again."""

    def __init__(self, tmp: Path) -> None:
        self.log = tmp / "server.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp / 'reconnect.db'}",
            "RECALIBRATE_ENV": "demo",
            "BCRYPT_ROUNDS": "4",
            "COOKIE_KEY": secrets.token_urlsafe(36),  # the same key across restarts
            "PYTHONUNBUFFERED": "1",
        }
        _run_step([PYTHON, "-m", "db.migrate"], self.env, self.log)
        _run_step([PYTHON, "-m", "db.seed"], self.env, self.log)
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [STREAMLIT, "run", "app.py", "--server.port", str(self.port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base_url}/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("streamlit did not come back within 30 s", pytrace=False)

    def kill(self) -> None:
        """As a crash or an OOM kill would: no goodbye to the phone."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server():
    with tempfile.TemporaryDirectory(prefix="recalibrate-reconnect-") as tmp:
        own = RestartableServer(Path(tmp))
        own.start()
        try:
            yield own
        finally:
            _stop(own.proc)


def shown_pain(page) -> str | None:
    return page.evaluate(SHOWN_JS, PAIN_LABEL)


def tap_pain(page, value: str) -> None:
    group = page.get_by_role("radiogroup", name=PAIN_LABEL, exact=True)
    group.get_by_role("radio", name=value, exact=True).click()
    page.wait_for_timeout(300)
    wait_for_app_idle(page, 600)


def test_the_first_tap_after_a_server_restart_holds(page, server):
    login(page, server.base_url, PATIENT)
    fill_check_in(page, 4, "No")
    save_check_in(page)
    assert shown_pain(page) == "4"

    server.kill()
    server.start()
    page.wait_for_timeout(2000)  # the phone notices, reconnects and logs in from its cookie
    wait_for_app_idle(page, 1000, 60_000)
    assert shown_pain(page) == "4"

    tap_pain(page, "7")
    assert shown_pain(page) == "7", "the first tap after the reconnect snapped back"
    tap_pain(page, "2")
    assert shown_pain(page) == "2"
