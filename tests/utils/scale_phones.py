"""The phones of the scale demo (tests/utils/scale_demo.py): headless Chromium at 390 x 844,
each its own browser context (its own cookies, so its own route), all through nginx over TLS.

1. Phones log in (patients ``phone-N``) until each replica holds at least one (twelve at most);
   which replica holds a phone: the replica nginx sent its route cookie to (nginx's access log),
   and the replicas' own count of live sessions (Streamlit's metrics on their loopback ports).
2. Each phone saves today's check-in; what it showed as saved is what the database must hold.
3. Downloads through the proxy (tests/utils/scale_downloads.py): a patient's reminder (.ics) and
   summary (PDF), the coordinator's panel (CSV), again after a second tab of the browser opened.
4. Both ways: the replica holding phones is SIGKILLed; its phones must come back on the other one
   (still logged in, or after one re-login at most) and save again; it is restarted, and its
   phones are served by it again on their next page load; then the same for the other replica.
5. The database holds every check-in as its phone last showed it saved.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError

from bench.live import PASSWORD
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, USERNAME
from tests.browser.conftest import wait_for_app_idle as idle
from tests.browser.test_patient_phone import ANYTHING_NEW, choose, save_check_in
from tests.utils.scale_demo import Stack

PAIN = "How strong is your pain right now? (0 = no pain, 10 = worst you can imagine)"
SLEEP = ("Very poor", "Poor", "OK", "Good", "Very good")
MOOD = ("Very low", "Low", "OK", "Good", "Very good")
STRESS = ("Very low", "Low", "Some", "High", "Very high")
RECOVERY_TIMEOUT_S = 90
TIMEOUT_MS = 30_000
CHECK_INS_AT_MOST = 8  # phones that check in first; any more only hold logged-in sessions
RESAVES_PER_KILL = 2  # moved phones that save again on the other replica (all must recover)
ONE_FORM = "sel => document.querySelectorAll(sel).length === 1"
ERROR = '[data-testid="stAlertContentError"], [data-testid="stException"]'
STATE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
        || app.getAttribute('data-test-script-state') !== 'notRunning'
        || document.querySelector('[data-stale="true"]')) return 'waiting';
    if (document.querySelector('input[aria-label="Username"]')) return 'login';
    return [...document.querySelectorAll('[role="radiogroup"]')]
        .some(g => (g.getAttribute('aria-label') || '').startsWith('How strong is your pain'))
        ? 'logged-in' : 'waiting';
}"""


# Every change of the app's connection state, with its time, kept by each page from its start
# (a context's init script): a reconnect can be over between two looks from here.
WATCH_JS = """
window.__rcConnection = [];
new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-connection-state');
    const seen = window.__rcConnection, last = seen[seen.length - 1];
    if (state && (!last || last[0] !== state)) seen.push([state, Date.now()]);
}).observe(document, {attributes: true, childList: true, subtree: true});
"""
BACK_JS = """(since) => {
    const seen = window.__rcConnection || [];
    const down = seen.findIndex(([s, t]) => t >= since && s !== 'CONNECTED');
    return down >= 0 && seen.slice(down).some(([s]) => s === 'CONNECTED');
}"""
SHOWN_JS = """(labels) => labels.map(label => {
    const group = [...document.querySelectorAll('[role="radiogroup"]')]
        .find(g => g.getAttribute('aria-label') === label);
    const on = group && group.querySelector('[role="radio"][aria-checked="true"]');
    return on ? on.innerText.trim() : null;
})"""


@dataclass
class Phone:
    username: str
    context: object
    page: object
    saved: dict[str, int] | None = None  # the answers it last showed as saved
    saves: int = 0
    lost: int = 0  # saves shown whose row did not hold the answers right after
    relogins: int = 0
    taps_put_back: int = 0  # answers the page put back to the saved ones after a tap
    home: int | None = None  # the replica its route cookie first took it to
    problems: list[str] = field(default_factory=list)

    def route(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == "rc_route")


def answers(n: int, round_: int) -> dict[str, int]:
    k = n + 3 * round_
    return {"pain": k % 11, "sleep_quality": 1 + k % 5, "mood": 1 + (k + 1) % 5,
            "stress": 1 + (k + 2) % 5}  # fmt: skip


QUESTIONS = (PAIN, "How did you sleep last night?", "How is your mood today?",
             "How stressed do you feel?")  # fmt: skip


def labels_of(values: dict[str, int]) -> list[str]:
    return [str(values["pain"]), SLEEP[values["sleep_quality"] - 1], MOOD[values["mood"] - 1],
            STRESS[values["stress"] - 1]]  # fmt: skip


def check_in(stack: Stack, phone: Phone, n: int, round_: int) -> None:
    """Answer and save today's check-in, as a patient would: an answer the page put back to the
    saved one is tapped again before saving (counted: a patient has to notice it)."""
    values, page = answers(n, round_), phone.page
    for question, label in zip(QUESTIONS, labels_of(values), strict=True):
        choose(page, question, label)
    for question in ("Are you having a flare today?", "Any change in your medicines?"):
        choose(page, question, "No")
    choose(page, ANYTHING_NEW, "No")
    idle(page)
    for question, label, now in zip(QUESTIONS, labels_of(values), shown_labels(page), strict=True):
        if now != label:
            phone.taps_put_back += 1
            choose(page, question, label)
            idle(page)
    save_check_in(page)
    phone.saved, phone.saves = shown(page), phone.saves + 1
    if phone.saved != values:
        phone.problems.append(f"{phone.username} tapped {values} but shows {phone.saved}")
    if (got := stored_now(stack, phone.username)) != phone.saved:
        phone.lost += 1
        phone.problems.append(f"{phone.username} shows {phone.saved} saved; stored: {got}")


def shown_labels(page) -> list[str | None]:
    return page.evaluate(SHOWN_JS, list(QUESTIONS))


def shown(page) -> dict[str, int]:
    """The answers the page shows selected, as numbers."""
    pain, sleep, mood, stress = shown_labels(page)

    def number(labels, label):
        return labels.index(label) + 1 if label in labels else None

    return {"pain": int(pain) if pain is not None else None,
            "sleep_quality": number(SLEEP, sleep), "mood": number(MOOD, mood),
            "stress": number(STRESS, stress)}  # fmt: skip


def quick_login(page, base_url: str, username: str, password: str) -> None:
    """tests/browser/conftest.py's login without its wait for a network idle that a page with a
    websocket never reaches (5 s each): the form, the first load's reruns, one form, typed."""
    page.goto(base_url)
    page.locator(USERNAME).first.wait_for(state="visible")
    page.wait_for_timeout(1000)  # the cookie manager's first-load rerun
    idle(page)
    page.wait_for_function(ONE_FORM, arg=USERNAME, polling=50)
    page.locator(USERNAME).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator('[data-testid="stFormSubmitButton"] button', has_text="Log in").click()
    page.get_by_label("Password", exact=True).wait_for(state="detached")
    page.locator("h1:visible").first.wait_for(state="visible")
    idle(page)


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """The login form, tried again (at most twice more) when a late rerun of the first load
    swallowed what was typed; any other failure says what the page showed."""
    for attempt in range(3):
        try:
            quick_login(page, base_url, username, password)
            return
        except PlaywrightError:
            shown = page.locator(ERROR).all_inner_texts()
            if shown or attempt == 2:
                raise RuntimeError(f"{username} could not log in: {shown}") from None


def open_phone(browser, stack: Stack, username: str, password: str = PASSWORD) -> Phone:
    context = browser.new_context(**PHONE, ignore_https_errors=True)  # the demo's own certificate
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    log_in(page, stack.base_url, username, password)
    return Phone(username, context, page)


def wait_recovered(phones: list[Phone], base_url: str, since: float) -> dict[str, float]:
    """Seconds from ``since`` (time.time()) until each phone works again: its page lost the
    connection, got it back, and shows the check-in logged in. A phone that shows the login form
    instead logs in again (counted) and is back when that is done."""
    recovered: dict[str, float] = {}
    while len(recovered) < len(phones) and time.time() < since + RECOVERY_TIMEOUT_S:
        for phone in phones:
            if phone.username in recovered:
                continue
            if not phone.page.evaluate(BACK_JS, since * 1000):
                continue
            state = phone.page.evaluate(STATE_JS)
            if state == "login":
                phone.relogins += 1
                log_in(phone.page, base_url, phone.username)
                state = phone.page.evaluate(STATE_JS)
            if state == "logged-in":
                recovered[phone.username] = round(time.time() - since, 1)
        time.sleep(0.05)
    for phone in phones:  # the reconnect's reruns, before any tap (after the timing)
        idle(phone.page, quiet_ms=1000)
    return recovered


def fail_over(stack: Stack, phones: list[Phone], names: list[str], port: int, round_: int,
              problems: list[str]) -> dict:  # fmt: skip
    """SIGKILL replica ``port``; its phones must work on the other; restart it; figures."""
    victim = stack.replica(port)
    other = next(r.port for r in stack.replicas if r.port != port)
    moved = [p for p in phones if stack.replica_of_route(p.route()) == port]
    killed_at = time.time()
    victim.kill()
    times = wait_recovered(moved, stack.base_url, killed_at)
    for phone in moved:
        if phone.username not in times:
            problems.append(f"{phone.username} did not recover within {RECOVERY_TIMEOUT_S} s")
            continue
        if (now_on := stack.replica_of_route(phone.route())) != other:
            problems.append(f"{phone.username} is on {now_on} after the kill, not {other}")
        if moved.index(phone) < RESAVES_PER_KILL:  # and saves again there
            check_in(stack, phone, names.index(phone.username), round_)
    victim.start()
    restart = victim.wait_healthy()
    back = failback(stack, [p for p in moved if p.home == port], port)
    relogins = sum(p.relogins for p in moved)
    if relogins > len(moved):
        problems.append(f"{relogins} re-logins for {len(moved)} phones: more than one each")
    return {
        "killed": port, "to": other, "phones": len(moved),
        "recovery_s": max(times.values(), default=None), "recovery_each_s": times,
        "relogins": relogins, "restart_s": round(restart, 1), "failback_s": back,
    }  # fmt: skip


def failback(stack: Stack, moved: list[Phone], port: int) -> float | None:
    """After the restart: seconds until a moved phone's next page load is served by its own
    replica again (nginx retries a failed replica once its fail_timeout has passed)."""
    if not moved:
        return None
    start, phone = stack.replica(port).started[-1], moved[0]
    while time.monotonic() - start < RECOVERY_TIMEOUT_S:
        phone.page.goto(stack.base_url)
        phone.page.locator(f'{USERNAME}, [role="radiogroup"]').first.wait_for(state="visible")
        if stack.replica_of_route(phone.route()) == port:
            idle(phone.page, quiet_ms=1000)
            if phone.page.evaluate(STATE_JS) == "login":
                phone.relogins += 1
                log_in(phone.page, stack.base_url, phone.username)
            return round(time.monotonic() - start, 1)
        time.sleep(1)
    return None


def drive(stack: Stack, names: list[str], max_phones: int, min_phones: int = 2) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.utils import scale_downloads

    problems: list[str] = []
    result: dict = {"problems": problems, "kills": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            phones: list[Phone] = []
            ports = {r.port for r in stack.replicas}
            while len(phones) < max_phones and (
                len(phones) < min_phones
                or {stack.replica_of_route(p.route()) for p in phones} != ports
            ):
                phones.append(open_phone(browser, stack, names[len(phones)]))
            held = {r.port: r.sessions() for r in stack.replicas}
            for phone in phones:
                phone.home = stack.replica_of_route(phone.route())
            by_route = {p.username: p.home for p in phones}
            result |= {"phones": len(phones), "sessions_per_replica": held, "by_phone": by_route}
            if any(not held[port] for port in ports):
                problems.append(f"a replica holds no session: {held}")
            for n, phone in enumerate(phones[:CHECK_INS_AT_MOST]):
                check_in(stack, phone, n, 0)
            result |= scale_downloads.cookies(phones[0], problems)
            result["downloads"] = scale_downloads.downloads(browser, stack, names[-1], problems)
            first = by_route[phones[0].username]
            for round_, port in enumerate((first, *(ports - {first})), start=1):
                result["kills"].append(fail_over(stack, phones, names, port, round_, problems))
            result |= stored(stack, phones, problems)
        finally:
            browser.close()
    return result


def stored_now(stack: Stack, username: str) -> dict[str, int]:
    """The patient's newest check-in as the database holds it now (read with its own engine)."""
    import sqlalchemy as sa

    from db.models import CheckIn, Patient, User

    columns = ("pain", "sleep_quality", "mood", "stress")
    query = (
        sa.select(*(getattr(CheckIn, c) for c in columns))
        .join(Patient, Patient.id == CheckIn.patient_id)
        .join(User, User.id == Patient.user_id)
        .where(User.username == username)
        .order_by(CheckIn.local_date.desc())
        .limit(1)
    )
    engine = sa.create_engine(stack.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            row = conn.execute(query).first()
    finally:
        engine.dispose()
    return dict(zip(columns, row or (), strict=False))


def stored(stack: Stack, phones: list[Phone], problems: list[str]) -> dict:
    """At the end: every phone's check-in as it last showed it saved (after both kills)."""
    lost = 0
    for phone in phones:
        if phone.saved is not None and (got := stored_now(stack, phone.username)) != phone.saved:
            lost += 1
            problems.append(
                f"{phone.username} showed {phone.saved} saved; stored at the end: {got}"
            )
    for phone in phones:
        problems.extend(phone.problems)
    # A save counts as lost when its row did not hold what the page showed right after it; the
    # phones' last saves are checked again at the end, after both kills.
    saves = sum(p.saves for p in phones)
    return {
        "saved": saves, "lost": sum(p.lost for p in phones), "lost_at_the_end": lost,
        "taps_put_back": {p.username: p.taps_put_back for p in phones if p.taps_put_back},
    }  # fmt: skip
