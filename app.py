"""Recalibrate: the only router. Page config, session defaults, the login gate, role -> pages.

The screens live in pages/<role>/; the login, reset-link, password-gate and session-watch flow in
pages/shell/.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from core.audit_keys import audit_keys
from core.gc_tuning import tune_gc
from core.settings import SettingsError, load_settings
from db.access import Actor, NotFound
from db.auth import session_kind
from db.engine import keep_files_private
from db.queries import onboarding_state
from db.rule_runs import start_hourly_run
from pages.shell.login import (
    LoginCookie,
    logged_in_actor,
    password_gate_screen,
    pending_reset_token,
    reset_link_screen,
)
from pages.shell.page_table import (
    ACCOUNT_PAGE,
    NOT_IN_MENU,
    PAGES,
)
from pages.shell.session_watch import watch_session
from program.vocabulary import CARE_ROLES, Role

log = logging.getLogger("recalibrate")
APOLOGY = (
    "Sorry, something went wrong on our side. What you saved before is safe. Please try again. "
    "If you need help now, call your clinic, or 911 in an emergency."
)

# The tab icon is our own file, served by the app (/media/...): a ":material/...:" icon is fetched
# from fonts.gstatic.com, telling Google who opens a clinic's app (tests/browser/test_own_hosts.py).
ICON = Path(__file__).with_name("assets") / "icon.png"
st.set_page_config(page_title="Recalibrate", page_icon=ICON, layout="centered")

# Every session_state key the app uses, initialised in one place.
for key, default in {
    "actor": None,
    "login_session_id": None,
    "login_cookie": None,  # the re-login cookie until the browser has written it
    "session_notice": None,
    "logout_requested": False,
    "must_change_password": False,
    "reset_token": None,  # from a ?reset= link, moved out of the address bar
    "view_token": None,  # this page view's token for audited staff reads (view_token())
    "current_page": None,
    "full_runs": 0,  # lets the session watch tell a timer run from a full run
    "watch_seen_run": None,
}.items():
    st.session_state.setdefault(key, default)


# On a phone: no blank band above the menu, and the menu stays at the top of the screen while the
# page scrolls, with chips a thumb can hit (at least 44 px tall).
PHONE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 0.75rem; }
[data-testid="stHeader"] { display: none; }
[data-testid="stElementContainer"]:has(iframe[title*="CookieManager"]) {
  position: absolute; height: 0; overflow: hidden; margin: 0;
}
[data-testid="stLayoutWrapper"]:has(> .st-key-app-menu) {
  position: sticky; top: 0; z-index: 99; background: #ffffff;
}
.st-key-app-menu { padding: 4px 0; gap: 2px 0; border-bottom: 1px solid #e6e6e6; }
.st-key-app-menu [data-testid="stPageLink"] a {
  min-height: 44px; align-items: center; padding: 0 7px; gap: 4px;
}
.st-key-app-menu [data-testid="stPageLink"] a span[data-testid="stIconMaterial"] { margin: 0; }
</style>"""
# Onboarding gate: a patient who has not agreed to the program terms sees only these pages.
ONBOARDING_ONLY = frozenset({"pages/patient/onboarding.py", "pages/patient/help.py", ACCOUNT_PAGE})


def onboarding_gate(actor: Actor) -> frozenset[str] | None:
    """The only pages a patient without consent may open (None: no restriction)."""
    if not actor.has(Role.PATIENT):
        return None
    try:
        return ONBOARDING_ONLY if onboarding_state(actor=actor).needs_consent else None
    except NotFound:  # a patient login not linked to a patient record yet: Today explains
        return None


def register_pages(
    roles: frozenset[str] | None, only: frozenset[str] | None = None
) -> tuple[st.navigation, list[st.Page]]:
    """Register the pages this user may open, or every page while nobody is logged in (None).

    Logged out, every page is registered so a deep link shows the login form instead of "Page not
    found"; after login it is registered again with only the user's pages, so a page chosen while
    logged out that is not theirs (or a deep link to one) falls back to their home.
    """
    if roles is None:
        allowed_paths = [path for path, *_ in PAGES]
    else:
        allowed_paths = [
            path for path, *_, need in PAGES if need & roles and (only is None or path in only)
        ] or [ACCOUNT_PAGE]  # a login without any role can still see who it is and log out
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url_path, default=path == allowed_paths[0])
        for path, url_path, title, icon, _need in PAGES
        if path in allowed_paths
    ]
    return st.navigation(pages, position="hidden"), pages


def navigation(roles: frozenset[str], only: frozenset[str] | None = None) -> None:
    pg, allowed = register_pages(roles, only)
    with st.container(horizontal=True, key="app-menu"):
        for p in allowed:
            # Steps reached from Today's links (once onboarding is done) and the patient detail,
            # reached from the panel, stay out of the bar.
            if only is None and p.url_path in NOT_IN_MENU:
                continue
            st.page_link(p, label=p.title, icon=p.icon)
    if st.session_state["current_page"] != pg.url_path:  # a new view: record views anew
        st.session_state.update(current_page=pg.url_path, view_token=None)
    try:
        pg.run()
    except Exception:  # a user never sees a traceback; the log keeps it
        log.exception("page %s failed", pg.title)
        st.error(APOLOGY)


def main() -> None:
    keep_files_private()  # the database and its WAL are created 600, data/ 700
    tune_gc()  # once per process, after the imports above (core/gc_tuning.py)
    # Every screen, the login form included: without it a phone's login opened under ~130 px of
    # Streamlit's header, top padding and the cookie component's empty frame.
    st.html(PHONE_CSS)
    try:
        settings = load_settings()
        audit_keys()  # the audit chain's key: refused in production when missing or weak
    except SettingsError as exc:
        log.error("refusing to start: %s", exc)
        st.error(
            "The app is not configured safely and will not start. An administrator must fix its settings."
        )
        st.stop()
    cookie = LoginCookie(settings)  # the cookie component, only when nobody is logged in yet
    st.session_state["full_runs"] += 1
    if token := pending_reset_token():
        register_pages(None)
        reset_link_screen(token)
        return
    actor = logged_in_actor(settings, cookie)
    if actor is None:
        register_pages(None)  # a deep link while logged out lands on the login form
        return
    if st.session_state["must_change_password"]:
        register_pages(None)
        password_gate_screen(actor)
        return
    if session_kind(actor.roles) == "staff":
        watch_session(settings)
    if settings.app_runs_rules and actor.roles & set(CARE_ROLES):
        start_hourly_run()  # time-based rules, at most hourly; on a thread: the page never waits
    navigation(actor.roles, only=onboarding_gate(actor))


try:
    main()
except Exception:
    log.exception("app failed")
    st.error(APOLOGY)
