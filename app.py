"""Recalibrate: the only router. Page config, the login gate, and role -> pages."""

from __future__ import annotations

import logging

import streamlit as st
import streamlit_authenticator as stauth

from core.settings import Settings, SettingsError, load_settings
from db.access import Actor, NotFound
from db.auth import (
    LoginResult,
    authenticate,
    check_session,
    cookie_lifetime_days,
    end_session,
    open_session,
    session_kind,
)
from db.queries import onboarding_state
from pages.password_forms import (
    PASSWORD_CHANGED,
    forced_change_screen,
    forgot_password,
    reset_screen,
)

log = logging.getLogger("recalibrate")
APOLOGY = (
    "Sorry, something went wrong on our side. What you saved before is safe. Please try again. "
    "If you need help now, call your clinic, or 911 in an emergency."
)
SESSION_ENDED = {
    "idle": "You were logged out because the app was not used for a while. Please log in again.",
    "expired": "Your login has expired. Please log in again.",
    "revoked": "You were logged out. Please log in again.",
    "user disabled": "This account is not active. Please contact your clinic.",
    "password changed": PASSWORD_CHANGED,
}

st.set_page_config(page_title="Recalibrate", page_icon=":material/spa:", layout="centered")

# Every session_state key the app uses, initialised in one place.
for key, default in {
    "actor": None,
    "login_session_id": None,
    "session_notice": None,
    "logout_requested": False,
    "must_change_password": False,
    "reset_token": None,  # from a ?reset= link, moved out of the address bar
    "record_views": {},  # view -> patient id already audited on the current page
    "current_page": None,
    "full_runs": 0,  # lets the session watch tell a timer run from a full run
    "watch_seen_run": None,
}.items():
    st.session_state.setdefault(key, default)


# (file, url path, title, icon, roles that may open it); the first allowed page is the role's home.
# The url paths differ from the file names on purpose: with a pages/ folder beside app.py,
# Streamlit's legacy multipage mode can run pages/<name>.py directly, without this gate, when the
# url path matches a file name (the first run of a server process; every AppTest run).
PATIENT, STAFF, EVERYONE = (
    frozenset({"patient"}),
    frozenset({"coordinator", "clinician"}),
    frozenset({"patient", "coordinator", "clinician", "admin"}),
)
LINKED_FROM_TODAY = frozenset({"welcome", "questions"})
PAGES: tuple[tuple[str, str, str, str, frozenset[str]], ...] = (
    ("pages/patient_today.py", "today", "Today", ":material/today:", PATIENT),
    ("pages/patient_learn.py", "learn", "Learn", ":material/school:", PATIENT),
    ("pages/patient_progress.py", "progress", "Progress", ":material/insights:", PATIENT),
    ("pages/patient_onboarding.py", "welcome", "Getting started", ":material/flag:", PATIENT),
    ("pages/patient_questionnaire.py", "questions", "Questions", ":material/checklist:", PATIENT),
    ("pages/patient_help.py", "help", "Get help", ":material/emergency:", PATIENT),
    ("pages/coordinator_panel.py", "panel", "Panel", ":material/groups:", STAFF),
    ("pages/coordinator_flags.py", "flags", "Flags", ":material/flag:", STAFF),
    (
        "pages/clinician_plan.py",
        "plan",
        "Patient plan",
        ":material/stethoscope:",
        frozenset({"clinician"}),
    ),
    ("pages/admin_users.py", "users", "Users", ":material/manage_accounts:", frozenset({"admin"})),
    (
        "pages/coordinator_logins.py",
        "patient-logins",
        "Patient logins",
        ":material/key:",
        frozenset({"coordinator"}),
    ),
    (
        "pages/admin_sessions.py",
        "sessions",
        "Sessions",
        ":material/devices:",
        frozenset({"admin"}),
    ),
    ("pages/admin_audit.py", "audit-log", "Audit log", ":material/policy:", frozenset({"admin"})),
    (
        "pages/admin_clinic.py",
        "clinic-settings",
        "Clinic",
        ":material/local_hospital:",
        frozenset({"admin"}),
    ),
    ("pages/account.py", "my-account", "Account", ":material/person:", EVERYONE),
)


def make_authenticator(settings: Settings) -> stauth.Authenticate:
    """The library keeps only the signed re-login cookie; constructed once per run."""
    return stauth.Authenticate(
        {"usernames": {}},
        settings.cookie_name,
        settings.cookie_key,
        cookie_expiry_days=30,
        auto_hash=False,
        login_sleep_time=0,
    )


def cookie_session_key(exp_date: float) -> str:
    return f"{exp_date:.6f}"


def clear_login(authenticator: stauth.Authenticate) -> None:
    st.session_state.update(actor=None, login_session_id=None, must_change_password=False)
    st.session_state["authentication_status"] = None
    authenticator.cookie_controller.delete_cookie()
    st.session_state["logout"] = True  # the library then ignores the deleted cookie this run


def restore_login(settings: Settings, authenticator: stauth.Authenticate) -> None:
    """Re-check the server-side session on every run; a revoked or idle one logs out."""
    session_id = st.session_state["login_session_id"]
    if session_id is not None:
        check = check_session(settings=settings, session_id=session_id)
    else:
        token = authenticator.cookie_controller.get_cookie()
        if not token:
            return
        check = check_session(
            settings=settings, cookie=(token["username"], cookie_session_key(token["exp_date"]))
        )
    if check.actor is None:
        if check.reason in SESSION_ENDED:
            st.session_state["session_notice"] = SESSION_ENDED[check.reason]
        clear_login(authenticator)
        return
    st.session_state.update(
        actor=check.actor,
        login_session_id=check.session_id,
        must_change_password=check.must_change_password,
    )
    st.session_state["authentication_status"] = True
    st.session_state["username"] = check.actor.username


def login_form(settings: Settings, authenticator: stauth.Authenticate) -> bool:
    """Draw the login form; True once a login succeeded (the caller then renders the app)."""
    holder = st.empty()
    with holder.container():
        result = _login_form(settings)
    if result is None or not result.ok:
        return False
    holder.empty()
    # The cookie is written by a component that must reach the browser in this run, outside the
    # emptied form and without st.rerun(); restore_login() then loads the actor from the session.
    model = authenticator.cookie_controller.cookie_model
    model.cookie_expiry_days = cookie_lifetime_days(result.kind, settings)
    st.session_state["username"] = result.username
    st.session_state["logout"] = None
    authenticator.cookie_controller.set_cookie()
    session_id = open_session(
        user_id=result.user_id,
        kind=result.kind,
        cookie_key=cookie_session_key(model.exp_date),
        settings=settings,
    )
    st.session_state.update(login_session_id=session_id, session_notice=None)
    restore_login(settings, authenticator)
    return st.session_state["actor"] is not None


def _login_form(settings: Settings) -> LoginResult | None:
    st.title("Recalibrate")
    st.markdown("Your guided program for calming an over-protective nervous system.")
    if notice := st.session_state["session_notice"]:
        st.info(notice)
    with st.form("login"):
        username = st.text_input("Username", autocomplete="username", max_chars=64)
        password = st.text_input(
            "Password", type="password", autocomplete="current-password", max_chars=128
        )
        submitted = st.form_submit_button("Log in", type="primary", width="stretch")
    result = None
    if submitted:
        result = authenticate(username=username, password=password, settings=settings)
        if not result.ok:
            st.error(result.message)
    forgot_password(settings)
    st.markdown("This app is not watched around the clock. In an emergency call 911.")
    return result


# Onboarding gate: a patient who has not agreed to the program terms sees only these pages.
ONBOARDING_ONLY = frozenset(
    {"pages/patient_onboarding.py", "pages/patient_help.py", "pages/account.py"}
)


def onboarding_gate(actor: Actor) -> frozenset[str] | None:
    """The only pages a patient without consent may open (None: no restriction)."""
    if not actor.has("patient"):
        return None
    try:
        return ONBOARDING_ONLY if onboarding_state(actor=actor).needs_consent else None
    except NotFound:  # a patient login not linked to a patient record yet: Today explains
        return None


ACCOUNT_PAGE = "pages/account.py"


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
    with st.container(horizontal=True):
        for p in allowed:
            # Steps reached from Today's links stay out of the bar once onboarding is done.
            if only is None and p.url_path in LINKED_FROM_TODAY:
                continue
            st.page_link(p, label=p.title, icon=p.icon)
    if st.session_state["current_page"] != pg.url_path:  # a new view: record views anew
        st.session_state.update(current_page=pg.url_path, record_views={})
    try:
        pg.run()
    except Exception:  # a user never sees a traceback; the log keeps it
        log.exception("page %s failed", pg.title)
        st.error(APOLOGY)


def _request_logout() -> None:
    st.session_state["logout_requested"] = True


def reset_link() -> bool:
    """A ?reset= link shows only the set-new-password form; True while it is shown."""
    if token := st.query_params.get("reset"):
        st.session_state["reset_token"] = token
        del st.query_params["reset"]  # out of the address bar, the history and any Referer
    token = st.session_state["reset_token"]
    if not token:
        return False
    register_pages(None)
    if reset_screen(token) is not None:
        st.session_state.update(reset_token=None, session_notice=SESSION_ENDED["password changed"])
        st.rerun()
    if st.button("Back to log in"):
        st.session_state["reset_token"] = None
        st.rerun()
    return True


def password_gate(actor: Actor) -> bool:
    """While a temporary password is in use, only "Choose your new password"; True while shown."""
    if not st.session_state["must_change_password"]:
        return False
    register_pages(None)
    if forced_change_screen(actor, st.session_state["login_session_id"]):
        st.session_state["must_change_password"] = False
        st.rerun()
    st.button("Log out", on_click=_request_logout)
    return True


def watch_session(settings: Settings) -> None:
    """Staff: re-check the session on a timer, so a page left open still logs out when idle."""

    @st.fragment(run_every=settings.session_check_seconds, key="session-watch")
    def watch() -> None:
        # In a full run restore_login() has just checked (and counted the click as activity);
        # only the timer's own runs check here, without counting as activity.
        if st.session_state["watch_seen_run"] != st.session_state["full_runs"]:
            st.session_state["watch_seen_run"] = st.session_state["full_runs"]
            return
        session_id = st.session_state["login_session_id"]
        check = check_session(settings=settings, session_id=session_id, touch=False)
        if check.actor is None:
            st.session_state["actor"] = None  # nothing with health details is drawn again
            st.rerun(scope="app")  # the full run logs out and shows why, over the login form

    watch()


def main() -> None:
    try:
        settings = load_settings()
    except SettingsError as exc:
        log.error("refusing to start: %s", exc)
        st.error(
            "The app is not configured safely and will not start. An administrator must fix its settings."
        )
        st.stop()
    authenticator = make_authenticator(settings)
    st.session_state["full_runs"] += 1
    if reset_link():
        return
    if st.session_state["logout_requested"]:
        if st.session_state["login_session_id"] is not None:
            end_session(session_id=st.session_state["login_session_id"])
        clear_login(authenticator)
        st.session_state.update(logout_requested=False, session_notice="You are logged out.")
    else:
        restore_login(settings, authenticator)
    actor = st.session_state["actor"]
    if actor is None:
        if not login_form(settings, authenticator):
            register_pages(None)  # a deep link while logged out lands on the login form
            return
        actor = st.session_state["actor"]
    if password_gate(actor):
        return
    if session_kind(actor.roles) == "staff":
        watch_session(settings)
    navigation(actor.roles, only=onboarding_gate(actor))


try:
    main()
except Exception:
    log.exception("app failed")
    st.error(APOLOGY)
