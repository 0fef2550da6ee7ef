"""Phones at once (issue 14, item 5): 5, 10 and 20 patients on their phones on one server.

How it is measured, and why:

- **Who:** a synthetic cohort (db.seed_cohort, 28 days of history), each patient given a login
  with one password hashed at the production bcrypt cost (12), on SQLite and on PostgreSQL (fsync
  on). Today's check-in and draft are removed first, so each phone saves today's first check-in.
- **Where:** one real ``streamlit run`` server in production mode (bench/serve.py, which also
  times every script run server-side) pinned with ``taskset`` to one core, PostgreSQL's processes
  to the same core; ONE headless Chromium with one browser context per phone (390 x 844, touch),
  Playwright's driver and this process pinned to the other core.
- **Logins** are staggered (one starts every second, at most three at a time) and not timed; the
  browser may use both cores for them (the 20 logins took 115 s of the part's 250 on one core),
  and every thread of this process tree but the server's is pinned to the browser's core before
  the first timed tap.
- **Timed:** every phone at once taps 10 answers on Today's check-in (each answer reruns the
  script and saves a draft), with a 0.5-1.5 s pause between taps as a thumb would, then taps
  "Save check-in". A tap's time runs from the click in the page to the page being drawn again by
  the rerun it caused (the app's own ``data-test-script-state`` went running, then not running,
  nothing stale; for the save also "Your check-in is saved." on screen) - what the patient waits.
- **Server ms per tap:** the server-side times (bench/serve.py) of that patient's script runs that
  ended inside the tap's window: the Python the tap cost, without the websocket or the drawing.
- **Errors:** a tap not confirmed within 15 s, an exception or error box on the page, a page
  error in the browser, a websocket closed. **Check-ins lost:** a save the page confirmed whose
  row is missing or holds other answers.
- **Browser core load:** CPU of this process tree minus the server's (Chromium, the driver, this
  Python) over the timed window, in % of one core; near 100 % the figures measure the browser.
- **Memory per idle session:** the server's RSS growth from one logged-in phone to all of them,
  per extra phone, after they have sat idle for a few seconds.
- **CPU-ms per check-in:** the server's (and PostgreSQL's) CPU over the timed window divided by
  the check-ins saved (each with its 10 taps).

Goals (issue 14): errors 0, check-ins lost 0, p95 tap -> confirmation <= 2 s at 10 phones.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import live
from bench import summary as goals

COUNTS, QUICK_COUNTS = (5, 10, 20), (3,)  # quick: a smoke run, on the first engine only
TAP_TIMEOUT_MS = 15_000  # 7.5x the p95 goal: a tap slower than this is an error, not a figure
P95_GOAL_MS = 2000
GOAL_PHONES = 10  # the p95 goal is at 10 phones
SAVED = "Thank you. Your check-in is saved."
QUESTIONS = {
    "pain": "How strong is your pain right now?",
    "sleep": "How did you sleep last night?",
    "mood": "How is your mood today?",
    "stress": "How stressed do you feel?",
    "flare": "Are you having a flare today?",
    "meds": "Any change in your medicines?",
    "new": "Anything new or different about your health",
}
LABELS = {  # the answer buttons' labels (pages/patient/today.py)
    "sleep": {1: "Very poor", 2: "Poor", 3: "OK", 4: "Good", 5: "Very good"},
    "mood": {1: "Very low", 2: "Low", 3: "OK", 4: "Good", 5: "Very good"},
    "stress": {1: "Very low", 2: "Low", 3: "Some", 4: "High", 5: "Very high"},
}
TAP_JS = """(el) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const tap = window.__benchTap = {t0: Date.now(), ran: false};
    const seen = new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') === 'running') tap.ran = true;
    });
    seen.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    tap.stop = () => seen.disconnect();
    el.click();
    return tap.t0;
}"""
DONE_JS = """(text) => {
    const tap = window.__benchTap, app = document.querySelector('[data-testid="stApp"]');
    if (!tap.ran || app.getAttribute('data-test-script-state') !== 'notRunning'
        || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
        || document.querySelector('[data-stale="true"]')) return false;
    if (text && !document.body.innerText.includes(text)) return false;
    tap.stop();
    return Date.now();
}"""
BROKEN = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def plan(n: int) -> tuple[list[tuple[str, object]], dict[str, int]]:
    """Phone ``n``'s 10 taps (question, answer) and the answers its saved check-in must hold."""
    pain, sleep, mood, stress = n % 11, 1 + n % 5, 1 + (n + 1) % 5, 1 + (n + 2) % 5
    pain2, sleep2, mood2 = (pain + 3) % 11, 1 + (n + 3) % 5, 1 + (n + 4) % 5
    taps = [("pain", pain), ("sleep", sleep), ("mood", mood), ("stress", stress)]
    taps += [("flare", "No"), ("meds", "No"), ("new", "No")]
    taps += [("pain", pain2), ("sleep", sleep2), ("mood", mood2)]
    return taps, {"pain": pain2, "sleep_quality": sleep2, "mood": mood2, "stress": stress}


@dataclass
class Phone:
    username: str
    page: object
    taps: list[tuple[float, float, float]] = field(default_factory=list)  # ms, server, cpu
    saves: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saved: bool = False


async def _tap(phone: Phone, server: live.Server, locator, expect: str | None) -> None:
    page = phone.page
    try:
        await locator.wait_for(timeout=TAP_TIMEOUT_MS)
        t0 = await page.evaluate(TAP_JS, await locator.element_handle())
        done = await page.wait_for_function(DONE_JS, arg=expect, polling=25, timeout=TAP_TIMEOUT_MS)
        t1 = await done.json_value()
    except Exception as exc:  # a tap that was not confirmed is an error, never a figure
        phone.errors.append(f"{phone.username}: {type(exc).__name__} {str(exc)[:120]}")
        return
    if await page.locator(BROKEN).count():
        phone.errors.append(f"{phone.username}: an error box on the page")
    runs = [
        r
        for r in server.runs(t0 / 1000)
        if r["user"] == phone.username and r["end"] <= t1 / 1000 and "FRAGMENT" not in r["event"]
    ]
    server_ms, cpu_ms = sum(r["ms"] for r in runs), sum(r["cpu_ms"] for r in runs)
    (phone.saves if expect else phone.taps).append((t1 - t0, server_ms, cpu_ms))
    phone.saved = phone.saved or bool(expect)


async def _check_in(phone: Phone, n: int, server: live.Server, rng: random.Random) -> None:
    taps, _ = plan(n)
    for question, answer in taps:
        await asyncio.sleep(rng.uniform(0.5, 1.5))
        label = LABELS.get(question, {}).get(answer, str(answer))
        group = phone.page.get_by_role("radiogroup", name=QUESTIONS[question])
        await _tap(phone, server, group.get_by_role("radio", name=label, exact=True), None)
    await asyncio.sleep(rng.uniform(0.5, 1.5))
    save = phone.page.get_by_role("button", name="Save check-in")
    await _tap(phone, server, save, SAVED)


async def _login(browser, server: live.Server, username: str) -> Phone:
    from tests.browser.conftest import IDLE_JS, PHONE

    context = await browser.new_context(**PHONE)
    context.set_default_timeout(120_000)
    page = await context.new_page()
    phone = Phone(username, page)
    page.on("pageerror", lambda exc: phone.errors.append(f"{username}: page error {exc}"))
    page.on("websocket", lambda ws: ws.on("close", lambda _ws: phone.errors.append("ws closed")))
    await page.goto(server.url)
    await page.locator('input[aria-label="Username"]').first.wait_for()
    await page.wait_for_timeout(1500)  # the cookie manager's first-load rerun
    await page.wait_for_function(IDLE_JS, arg=400, polling=50, timeout=120_000)
    one = "sel => document.querySelectorAll(sel).length === 1"  # the stale form redrawn once
    await page.wait_for_function(one, arg='input[aria-label="Username"]', polling=50)
    await page.locator('input[aria-label="Username"]').first.fill(username)
    await page.get_by_label("Password", exact=True).first.fill(live.PASSWORD)
    await page.locator('[data-testid="stFormSubmitButton"] button', has_text="Log in").click()
    await page.get_by_role("radiogroup", name=QUESTIONS["pain"]).wait_for()
    await page.wait_for_function(IDLE_JS, arg=400, polling=50, timeout=120_000)
    return phone


async def _idle(phone: Phone) -> None:
    from tests.browser.conftest import IDLE_JS

    await phone.page.evaluate("window.__recalibrateIdleSince = undefined")
    await phone.page.wait_for_function(IDLE_JS, arg=400, polling=50, timeout=120_000)


def _clear_today(url: str) -> None:
    from sqlalchemy import delete
    from sqlmodel import select

    from core.clock import local_today, utcnow
    from db.engine import write_session
    from db.models import CheckIn, CheckInDraft, Patient

    os.environ["DATABASE_URL"] = url
    with write_session() as session:
        for patient in session.exec(select(Patient)).all():
            today = local_today(patient.timezone, utcnow())
            for table in (CheckIn, CheckInDraft):
                session.execute(
                    delete(table).where(table.patient_id == patient.id, table.local_date == today)
                )


def _lost(url: str, phones: list[Phone]) -> int:
    """Saves the page confirmed whose row is missing or holds other answers."""
    from sqlmodel import select

    from core.clock import local_today, utcnow
    from db.engine import read_session
    from db.models import CheckIn, Patient, User

    lost = 0
    with read_session() as session:
        for n, phone in enumerate(phones):
            user = session.exec(select(User).where(User.username == phone.username)).one()
            patient = session.exec(select(Patient).where(Patient.user_id == user.id)).one()
            today = local_today(patient.timezone, utcnow())
            row = session.exec(
                select(CheckIn).where(CheckIn.patient_id == patient.id, CheckIn.local_date == today)
            ).first()
            expected = plan(n)[1]
            if phone.saved and (
                row is None or any(getattr(row, k) != v for k, v in expected.items())
            ):
                lost += 1
    return lost


def _core_busy(core: int | None) -> tuple[int, int]:
    if core is None:
        return 0, 0
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            values = [int(v) for v in line.split()[1:]]
            return sum(values) - values[3] - values[4], sum(values)
    return 0, 0


async def _drive(engine: str, url: str, server: live.Server, names: list[str], counts) -> dict:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    rows, memory = [], None
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first = await _login(browser, server, names[0])
        await asyncio.sleep(3)
        one = server.rss_mb()
        gate = asyncio.Semaphore(3)

        async def staggered(i: int) -> Phone:
            await asyncio.sleep(i)
            async with gate:
                return await _login(browser, server, names[i])

        phones = [first, *await asyncio.gather(*(staggered(i) for i in range(1, max(counts))))]
        await asyncio.sleep(5)
        memory = (server.rss_mb() - one) / max(1, len(phones) - 1)
        live.pin_browser_side(server)  # from here on the browser has one core, the server the other
        for count in counts:
            _clear_today(url)
            group = phones[:count]
            for phone in group:
                phone.taps, phone.saves, phone.errors, phone.saved = [], [], [], False
                await phone.page.keyboard.press("r")  # draw today afresh (not timed)
            await asyncio.gather(*(_idle(p) for p in group))
            busy0, cpu0, wall0 = _core_busy(live.BROWSER_CORE), server.cpu_seconds(), time.time()
            ours0 = live.tree_cpu_seconds(os.getpid()) - live.tree_cpu_seconds(server.pid)
            await asyncio.gather(
                *(_check_in(p, n, server, random.Random(n)) for n, p in enumerate(group))
            )
            wall = time.time() - wall0
            ours = live.tree_cpu_seconds(os.getpid()) - live.tree_cpu_seconds(server.pid) - ours0
            busy1 = _core_busy(live.BROWSER_CORE)
            saves = sum(p.saved for p in group)
            taps = [t for p in group for t in p.taps]
            save_taps = [t for p in group for t in p.saves]
            rows.append(
                {
                    "engine": engine,
                    "phones": count,
                    "taps": taps,
                    "saves": save_taps,
                    "errors": [e for p in group for e in p.errors],
                    "lost": _lost(url, group),
                    "not_saved": count - saves,
                    "browser_pct": 100 * ours / wall,
                    "core_pct": 100 * (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]),
                    "cpu_ms_per_check_in": 1000 * (server.cpu_seconds() - cpu0) / max(1, saves),
                }
            )
        await browser.close()
    live.pin_threads([os.getpid()], set(live.CORES))
    return {"rows": rows, "memory_mb": memory}


def measure(engines: list[str], quick: bool) -> list[str]:
    """Every engine's runs; the Markdown lines to print."""
    counts = QUICK_COUNTS if quick else COUNTS
    engines = engines[:1] if quick else engines
    results = []
    for engine in engines:
        started = time.perf_counter()
        with _database(engine) as (url, postgres_pid):
            names = live.seed_patients(url, max(counts), days=28)
            with live.streamlit_server(url, postgres_pid=postgres_pid) as server:
                found = asyncio.run(_drive(engine, url, server, names, counts))
        found["seconds"] = time.perf_counter() - started
        results.append(found)
    return report(results)


def _database(engine: str):
    import contextlib
    import tempfile

    if engine == "postgresql":
        return live.postgres_database("phones")

    @contextlib.contextmanager
    def sqlite():
        with tempfile.TemporaryDirectory(prefix="recalibrate-bench-phones-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'phones.db'}", None

    return sqlite()


def _within(row: dict) -> bool:
    ms = [t[0] for t in row["taps"] + row["saves"]]
    return (
        not row["errors"]
        and not row["lost"]
        and not row["not_saved"]
        and bool(ms)
        and live.percentile(ms, 0.95) <= P95_GOAL_MS
    )


def report(results: list[dict]) -> list[str]:
    lines = [
        "### Phones at once (item 5)",
        "",
        "| engine | phones | taps | errors (goal 0) | check-ins lost (goal 0) | tap→confirmation "
        "p50 / p95 ms (goal p95 ≤ 2000 at 10) | save p50 / p95 ms | server ms per tap, median "
        "(min-max) | server CPU-ms per tap | CPU-ms per check-in | browser-side CPU, % of its "
        "core (core busy, all processes) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes, summary = [], [""]
    for found in results:
        for row in found["rows"]:
            ms = [t[0] for t in row["taps"] + row["saves"]]
            saves = [t[0] for t in row["saves"]]
            pct = (
                f"{live.percentile(ms, 0.5):.0f} / {live.percentile(ms, 0.95):.0f}" if ms else "n/a"
            )
            save = (
                f"{live.percentile(saves, 0.5):.0f} / {live.percentile(saves, 0.95):.0f}"
                if saves
                else "n/a"
            )
            errors = len(row["errors"]) + row["not_saved"]
            lines.append(
                f"| {row['engine']} | {row['phones']} | {len(ms)} | {errors} | {row['lost']} | "
                f"{pct} | {save} | {live.spread([t[1] for t in row['taps']])} | "
                f"{live.spread([t[2] for t in row['taps']])} | {row['cpu_ms_per_check_in']:.0f} | "
                f"{row['browser_pct']:.0f} % ({row['core_pct']:.0f} %) |"
            )
            notes += row["errors"][:3]
        for row in found["rows"]:
            ms = [t[0] for t in row["taps"] + row["saves"]]
            errors = len(row["errors"]) + row["not_saved"]
            what = f"{row['engine']}, {row['phones']} phones"
            goals.add("5", f"{what}: errors", str(errors), "0", errors == 0)
            goals.add("5", f"{what}: check-ins lost", str(row["lost"]), "0", row["lost"] == 0)
            if ms and row["phones"] == GOAL_PHONES:
                p95 = live.percentile(ms, 0.95)
                goals.add("5", f"{what}: tap to confirmation p95, ms", f"{p95:.0f}",
                            f"<= {P95_GOAL_MS}", p95 <= P95_GOAL_MS)  # fmt: skip
        passing = [r["phones"] for r in found["rows"] if _within(r)]
        engine = found["rows"][0]["engine"]
        goals.add("5", f"{engine}: most phones within the goals",
                  str(max(passing)) if passing else "none", "report", None)  # fmt: skip
        summary.append(
            f"- {engine}: memory per idle session {found['memory_mb']:.1f} MB (server RSS); largest "
            f"number of phones within the goals: {max(passing) if passing else 'none'} of "
            f"{', '.join(str(r['phones']) for r in found['rows'])}; this part took "
            f"{found['seconds']:.0f} s"
        )
    lines += summary
    if notes:
        lines += ["", "First errors seen:", *(f"- {note}" for note in notes)]
    return lines
