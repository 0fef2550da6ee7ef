"""Patient Today and Progress at 365 vs 7 days of history, and a bare Streamlit page (item 1).

How it is measured, and why: the server time of a WARM rerun of the whole script (app.py's gate,
menu and the page) in a real ``streamlit run`` server (bench/serve.py times each script run in the
server's script thread: wall ms and that thread's CPU ms). Chromium at 390 x 844 logs in, opens the
page, and presses "r" (Streamlit's own rerun key) again and again; the first two reruns warm the
caches and are not counted. No AppTest: it runs the script in-process with a fake session.

The same synthetic patients (db.seed_cohort, same seed and number) are written twice, with 7 and
with 365 days of history, each in its own SQLite database; the ones whose enrolment is active in
both are measured (a patient who dropped out or paused in the year is left out). Their situation
differs as it would: at day 7 a patient is in week 1, at day 365 in maintenance after week 12.
The bare page (bench/bare_page.py: a title and one line) is the floor: what any Streamlit rerun
costs on this machine. The CPU figure is the steadier one on a shared machine: wall time includes
waiting for a core.

Goal (issue 14): 365 days <= 1.2 x 7 days (cost must not grow with history).
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from bench import live, summary

PATIENTS = 6
MEASURED = 3  # of them, the first active ones (quick: 1)
REPEATS, QUICK_REPEATS = 5, 3
WARM_UP = 2
RATIO_GOAL = 1.2
PAGES = (("Today", ""), ("Progress", "progress"))
BLUR_JS = "document.activeElement?.blur()"  # "r" reruns only when no link or field has focus


def _active(url: str, names: list[str]) -> set[str]:
    """The usernames whose enrolment is active and was never paused."""
    from sqlmodel import select

    from db.engine import read_session
    from db.lookups import current_enrolment, plan_events
    from db.models import Patient, User

    live.os.environ["DATABASE_URL"] = url
    active = set()
    with read_session() as session:
        for name in names:
            user = session.exec(select(User).where(User.username == name)).one()
            patient = session.exec(select(Patient).where(Patient.user_id == user.id)).one()
            enrolment = current_enrolment(session, patient.id)
            if enrolment is None or enrolment.status != "active":
                continue
            if plan_events(session, enrolment.id, kinds=("pause",)):
                continue
            active.add(name)
    return active


def _reruns(page, server: live.Server, count: int) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of ``count`` warm reruns of the open page, timed by the server."""
    from tests.browser.conftest import wait_for_app_idle

    samples = []
    for n in range(WARM_UP + count):
        wait_for_app_idle(page, quiet_ms=300, timeout_ms=120_000)
        page.evaluate(BLUR_JS)
        since = page.evaluate("Date.now()") / 1000
        page.keyboard.press("r")
        deadline = time.monotonic() + 60
        while not (runs := _finished(server, since)) and time.monotonic() < deadline:
            time.sleep(0.05)
        if n >= WARM_UP and runs:
            samples.append((runs[-1]["ms"], runs[-1]["cpu_ms"]))
    return samples


def _finished(server: live.Server, since: float) -> list[dict]:
    return [r for r in server.runs(since) if r["event"] == "SCRIPT_STOPPED_WITH_SUCCESS"]


def _login(browser, server: live.Server, username: str):
    from tests.browser.conftest import PHONE, login

    context = browser.new_context(**PHONE)
    context.set_default_timeout(60_000)
    page = context.new_page()
    login(page, server.url, username, live.PASSWORD)
    return page


def _history(browser, days: int, repeats: int, only: set[str] | None, shown: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="recalibrate-bench-pages-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'pages.db'}"
        names = live.seed_patients(url, PATIENTS, days=days)
        active = _active(url, names) & (only if only is not None else set(names))
        found: dict[str, list] = {title: [] for title, _ in PAGES}
        with live.streamlit_server(url) as server:
            for name in sorted(active)[:shown]:
                page = _login(browser, server, name)
                for title, path in PAGES:
                    if path:
                        page.get_by_role("link", name=title).first.click()
                        page.get_by_role("heading", name="Your progress").wait_for()
                    found[title] += _reruns(page, server, repeats)
                page.context.close()
        return {"active": active, **found}


def _bare(browser, repeats: int) -> list[tuple[float, float]]:
    from tests.browser.conftest import PHONE

    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="recalibrate-bench-bare-"))
        server = stack.enter_context(
            live.streamlit_server(f"sqlite:///{Path(tmp) / 'x.db'}", script="bench/bare_page.py")
        )
        page = browser.new_context(**PHONE).new_page()
        page.goto(server.url)
        page.get_by_role("heading", name="A bare page").wait_for()
        return _reruns(page, server, repeats)


def measure(quick: bool) -> list[str]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    repeats = QUICK_REPEATS if quick else REPEATS
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shown = 1 if quick else MEASURED  # each costs a login (~6 s): quick measures one patient
        year = _history(browser, 365, repeats, None, shown)
        week = _history(browser, 7, repeats, year["active"], shown)
        bare = _bare(browser, repeats)
        browser.close()
    return report(week, year, bare, sorted(year["active"] & week["active"])[:shown])


def _median(samples: list[tuple[float, float]], i: int) -> float:
    return statistics.median(s[i] for s in samples) if samples else float("nan")


def report(week: dict, year: dict, bare: list, measured: list[str]) -> list[str]:
    lines = [
        "### Patient Today and Progress (item 1)",
        "",
        f"Warm reruns on SQLite, patients {', '.join(measured) or 'none'} (cohort numbers), "
        f"server-side script time of a whole rerun (app.py and the page): median (min-max) of "
        f"{len(bare)} reruns per patient, pooled; the bare page {len(bare)} reruns.",
        "",
        "| page | 7 days: wall ms | CPU ms | 365 days: wall ms | CPU ms | 365/7 wall | 365/7 CPU "
        f"(goal ≤ {RATIO_GOAL}) | ÷ bare page (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    bare_cpu = _median(bare, 1)
    for title, _ in PAGES:
        w, y = week[title], year[title]
        lines.append(
            f"| {title} | {live.spread([s[0] for s in w])} | {live.spread([s[1] for s in w])} | "
            f"{live.spread([s[0] for s in y])} | {live.spread([s[1] for s in y])} | "
            f"{_median(y, 0) / _median(w, 0):.2f} | {_median(y, 1) / _median(w, 1):.2f}"
            f"{'' if _median(y, 1) / _median(w, 1) <= RATIO_GOAL else ' (missed)'} | "
            f"{_median(y, 1) / bare_cpu:.1f}× |"
        )
    for title, _ in PAGES:
        ratio = _median(year[title], 1) / _median(week[title], 1)
        summary.add("1", f"{title}: warm rerun CPU, 365 / 7 days of history", f"{ratio:.2f}",
                    f"<= {RATIO_GOAL}", ratio <= RATIO_GOAL)  # fmt: skip
    lines.append(
        f"| bare Streamlit page | {live.spread([s[0] for s in bare])} | "
        f"{live.spread([s[1] for s in bare])} | | | | | 1.0× |"
    )
    return lines
