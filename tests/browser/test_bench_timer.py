"""`make bench`'s server-side timer (bench/serve.py): every figure of the phone benchmarks is read
from it, so a real ``streamlit run`` server must log each script run a browser causes."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench import live
from tests.browser.conftest import PHONE, wait_for_app_idle


def test_it_logs_the_server_time_of_each_rerun_a_phone_asks_for(browser):
    with (
        tempfile.TemporaryDirectory() as tmp,
        live.streamlit_server(f"sqlite:///{Path(tmp) / 'x.db'}", "bench/bare_page.py") as server,
    ):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(server.url)
        page.get_by_role("heading", name="A bare page").wait_for()
        wait_for_app_idle(page)
        before = len(server.runs())
        page.keyboard.press("r")  # Streamlit's own rerun key
        deadline = time.monotonic() + 30
        while len(server.runs()) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        context.close()
        runs = server.runs()
    assert len(runs) == before + 1
    run = runs[-1]
    assert run["event"] == "SCRIPT_STOPPED_WITH_SUCCESS"
    assert run["ms"] > 0 and run["cpu_ms"] > 0
    assert run["user"] is None  # nobody logs in on the bare page
