"""Who may see what, in the running app: idle logoff, password screens, sessions and audit pages."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select
from streamlit.errors import StreamlitAPIException

from core.settings import load_settings
from db.actions import SAME_PASSWORD, issue_temporary_password
from db.auth import authenticate
from db.engine import read_session
from db.models import AuditEvent, User
from db.password_reset import (
    LINK_NOT_USABLE,
    request_password_reset,
    reset_mail_text,
    reset_requested_message,
)
from db.queries import patients_for_staff
from pages.shell import password_forms as forms
from tests.pages.conftest import fresh_app, texts, unreachable
from tests.utils import actor_for
from tests.utils.fragments import run_timer_fragment
from tests.utils.readability import fk_grade
from tests.utils.screens import button, panel_cards
from tests.utils.smtp_sink import SmtpSink

DEMO = "recalibrate-demo"
NEW = "maple orbit sunlit 71"
SETTINGS = load_settings({"RECALIBRATE_ENV": "test"})


def user_id(username: str) -> int:
    with read_session() as session:
        return session.exec(select(User.id).where(User.username == username)).one()


def everything_kept(at) -> str:
    """All this browser session holds on the server: session_state and every widget's value."""
    state = at.session_state._state  # AppTest exposes no public view of widget values
    inner = state._state
    return repr(
        (
            inner._old_state,
            inner._new_session_state,
            inner._new_widget_state,
            state.get_widget_states(),
        )
    )


def log_in(at, username: str, password: str):
    fields = {t.label: t for t in at.text_input}
    fields["Username"].input(username)
    fields["Password"].input(password)
    next(b for b in at.button if b.label == "Log in").click().run()
    return at


def shows_login_form(at) -> bool:
    return [t.label for t in at.text_input][:2] == ["Username", "Password"]


def can_log_in(username: str, password: str) -> bool:
    return authenticate(username=username, password=password, settings=SETTINGS).ok


# --- idle logoff with the page left open ----------------------------------------------------------


def test_it_logs_out_an_idle_staff_page_left_open(app_as, frozen):
    at = app_as("demo-coordinator")
    assert panel_cards(at)  # the panel, with patients' names
    frozen.shift(timedelta(minutes=10))
    run_timer_fragment(at, "session-watch")  # the page's own timer: not activity
    assert at.session_state["actor"] is not None
    frozen.shift(timedelta(minutes=6))  # 16 minutes since the last click
    run_timer_fragment(at, "session-watch")
    assert shows_login_form(at) and not panel_cards(at)
    assert "not used for a while" in texts(at)
    assert at.session_state["actor"] is None


def test_it_keeps_an_active_staff_page_open(app_as, frozen):
    at = app_as("demo-coordinator")
    for _ in range(3):
        frozen.shift(timedelta(minutes=10))
        at.run()  # a click
        run_timer_fragment(at, "session-watch")
    assert at.session_state["actor"].username == "demo-coordinator"


def test_it_ends_an_open_staff_page_when_the_admin_ends_the_session(app_as, frozen):
    at = app_as("demo-coordinator")
    admin = app_as("demo-admin")
    admin.switch_page("pages/admin/sessions.py").run()
    next(s for s in admin.selectbox if s.label == "Login").set_value(user_id("demo-coordinator"))
    button(admin.run(), "End all sessions").click().run()
    run_timer_fragment(at, "session-watch")
    assert shows_login_form(at) and "You were logged out" in texts(at)


def test_it_has_no_timer_on_a_patients_phone(app_as):
    at = app_as("demo-patient")
    with pytest.raises(StreamlitAPIException):
        run_timer_fragment(at, "session-watch")


# --- temporary password: the forced change screen -----------------------------------------------


def test_it_shows_only_the_new_password_screen_after_a_temporary_password(demo_db, frozen):
    temporary = issue_temporary_password(
        actor=actor_for("demo-coordinator"), user_id=user_id("demo-patient")
    )
    at = log_in(fresh_app().run(), "demo-patient", temporary)
    assert at.title[0].value == "Choose your new password"
    assert "Week" not in texts(at) and not at.get("page_link")
    at.switch_page("pages/patient/today.py").run()  # a deep link does not get past it
    assert at.title[0].value == "Choose your new password" and "Week" not in texts(at)
    assert temporary not in everything_kept(at)  # the login widget is gone, nothing kept it

    fields = {t.label: t for t in at.text_input}
    fields["New password"].input(NEW)
    fields["Type it again"].input("maple orbit sunlit 72")
    button(at, "Save my new password").click().run()
    assert "not the same" in at.error[0].value

    fields = {t.label: t for t in at.text_input}
    fields["New password"].input(NEW)
    fields["Type it again"].input(NEW)
    button(at, "Save my new password").click().run()
    assert not at.exception
    assert at.title[0].value != "Choose your new password" and at.get("page_link")
    assert can_log_in("demo-patient", NEW) and not can_log_in("demo-patient", temporary)


def test_it_lets_a_coordinator_give_their_patient_a_temporary_password(app_as):
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/patient_logins.py").run()
    assert "demo-patient" in at.dataframe[0].value["Username"].tolist()
    patient = at.selectbox[0]  # the demo panel's patients have logins too: choose Alex's
    patient.select(next(o for o in patient.options if "(demo-patient)" in o)).run()
    button(at, "Set a temporary password").click().run()
    temporary = at.code[0].value
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", temporary)
    assert can_log_in("demo-patient", temporary)
    at.run()
    assert not at.code  # shown once


@pytest.mark.parametrize("who", ["demo-patient", "demo-clinician", "demo-admin"])
def test_it_keeps_the_patient_logins_page_to_coordinators(app_as, who):
    at = app_as(who)
    assert unreachable(at, "pages/care/patient_logins.py")


# --- change password on the account page ---------------------------------------------------------


def test_it_changes_the_password_and_logs_out_the_other_device(app_as):
    phone = app_as("demo-patient")
    laptop = app_as("demo-patient")
    laptop.switch_page("pages/shell/account.py").run()
    fields = {t.label: t for t in laptop.text_input}
    fields["Current password"].input(DEMO)
    fields["New password"].input(NEW)
    fields["Type it again"].input(NEW)
    button(laptop, "Change password").click().run()
    assert "new password is saved" in laptop.success[0].value
    phone.run()
    assert shows_login_form(phone) and "Your password was changed" in texts(phone)
    laptop.run()
    assert laptop.session_state["actor"].username == "demo-patient"


def test_it_refuses_a_change_with_the_wrong_current_password(app_as):
    at = app_as("demo-coordinator")
    at.switch_page("pages/shell/account.py").run()
    fields = {t.label: t for t in at.text_input}
    fields["Current password"].input("not it at all")
    fields["New password"].input(NEW)
    fields["Type it again"].input(NEW)
    button(at, "Change password").click().run()
    assert "not right" in at.error[0].value
    assert can_log_in("demo-coordinator", DEMO)


# --- forgot password and the reset link ----------------------------------------------------------


@pytest.fixture
def mail(demo_db, frozen, monkeypatch):
    with SmtpSink() as sink:
        for key, value in sink.env().items():
            monkeypatch.setenv(key, value)
        yield sink


def test_it_says_to_call_the_clinic_when_mail_is_not_set_up(demo_db):
    at = fresh_app().run()
    assert "Please call your clinic" in texts(at) and not at.expander


def test_it_answers_forgot_password_the_same_for_every_username(mail):
    answers = []
    for username in ("demo-coordinator", "nobody-at-all"):
        at = fresh_app().run()
        next(t for t in at.text_input if t.label == "Your username").input(username)
        button(at, "Send me a link").click().run()
        answers.append([s.value for s in at.success])
    assert answers[0] == answers[1] and "If that account has an e-mail address" in answers[0][0]
    mail.wait_for(1)
    assert mail.recipients == [["demo-coordinator@example.org"]]


def test_it_sets_a_new_password_from_the_link_once(mail):
    settings = load_settings()
    request_password_reset(username="demo-clinician", settings=settings).join(timeout=20)
    token = re.search(r"\?reset=([\w-]+)", mail.wait_for(1)[0].get_content()).group(1)

    at = fresh_app()
    at.query_params["reset"] = token
    at.run()
    assert at.title[0].value == "Choose your new password"
    assert "reset" not in at.query_params  # out of the address bar and history
    fields = {t.label: t for t in at.text_input}
    fields["New password"].input(NEW)
    fields["Type it again"].input(NEW)
    button(at, "Save my new password").click().run()
    assert shows_login_form(at) and "Your password was changed" in texts(at)
    assert can_log_in("demo-clinician", NEW)

    again = fresh_app()
    again.query_params["reset"] = token
    again.run()
    assert "expired or was already used" in texts(again) and not again.text_input


# --- admin: sessions and the audit log -----------------------------------------------------------


def test_it_lets_the_admin_see_and_end_sessions_and_set_a_temporary_password(app_as):
    coordinator = app_as("demo-coordinator")
    at = app_as("demo-admin")
    at.switch_page("pages/admin/sessions.py").run()
    assert {"demo-admin", "demo-coordinator"} <= set(at.dataframe[0].value["User"])
    next(s for s in at.selectbox if s.label == "Login").set_value(user_id("demo-coordinator"))
    at.run()
    button(at, "Disable").click().run()
    assert "disabled" in at.success[0].value
    coordinator.run()
    assert shows_login_form(coordinator) and "You were logged out" in texts(coordinator)

    next(s for s in at.selectbox if s.label == "Login").set_value(user_id("demo-patient"))
    button(at.run(), "Set a temporary password").click().run()
    assert can_log_in("demo-patient", at.code[0].value)


def test_it_shows_the_audit_log_filtered_and_verifies_the_chain(app_as):
    can_log_in("demo-patient", "wrong password")
    at = app_as("demo-admin")
    at.switch_page("pages/admin/audit.py").run()
    log = at.dataframe[0].value
    assert list(log["#"]) == sorted(log["#"], reverse=True)  # newest first
    next(s for s in at.selectbox if s.label == "Outcome").set_value("failed")
    button(at, "Filter").click().run()
    assert set(at.dataframe[0].value["Outcome"]) == {"failed"}
    button(at, "Verify chain").click().run()
    assert "intact" in at.success[0].value


@pytest.mark.parametrize("who", ["demo-patient", "demo-coordinator", "demo-clinician"])
def test_it_keeps_the_sessions_and_audit_pages_to_admins(app_as, who):
    at = app_as(who)
    for page in ("pages/admin/sessions.py", "pages/admin/audit.py"):
        assert unreachable(at, page), page


# --- a staff view of one patient's record is audited once per view ------------------------------


def views() -> list[tuple[str, int]]:
    with read_session() as session:
        return [
            (e.actor_username, e.patient_id)
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.action == "plan_for_clinician")
            )
        ]


def test_it_audits_a_record_view_once_per_view_not_per_rerun(app_as):
    at = app_as("demo-clinician")
    first, other = patients_for_staff(actor=actor_for("demo-clinician"), role="clinician")[:2]
    at.query_params["patient"] = str(first.id)
    at.switch_page("pages/care/plan.py").run()
    assert views() == [("demo-clinician", first.id)]
    at.run()
    at.run()
    assert len(views()) == 1
    at.query_params["patient"] = str(other.id)  # another patient, same page view
    at.run()
    assert views()[-1] == ("demo-clinician", other.id) and len(views()) == 2
    at.switch_page("pages/care/panel.py").run()
    at.switch_page("pages/care/plan.py").run()  # opened again: a new view
    assert [who for who, _ in views()] == ["demo-clinician"] * 3
    assert views()[-1][1] == other.id  # the record now on screen


STAFF_PAGES = [
    ("demo-coordinator", "pages/care/panel.py", "recent_panel_for_staff"),
    ("demo-coordinator", "pages/care/flags.py", "flags_for_staff"),
    ("demo-coordinator", "pages/care/patient_logins.py", "patient_logins_for_staff"),
    ("demo-admin", "pages/admin/users.py", "admin_overview"),
    ("demo-admin", "pages/admin/sessions.py", "live_sessions"),
    ("demo-admin", "pages/admin/sessions.py", "user_accounts"),
    ("demo-admin", "pages/admin/audit.py", "audit_events"),
]


def reads(action: str) -> list[AuditEvent]:
    with read_session() as session:
        return list(
            session.exec(
                select(AuditEvent).where(AuditEvent.action == action, AuditEvent.outcome == "ok")
            )
        )


@pytest.mark.parametrize(("who", "page", "action"), STAFF_PAGES)
def test_it_audits_each_staff_page_of_patient_data_once_per_view(app_as, who, page, action):
    at = app_as(who)
    at.switch_page(page).run()
    assert not at.exception
    [row] = reads(action)
    assert row.actor_username == who and row.detail.startswith("view ")
    at.run()
    at.run()
    assert len(reads(action)) == 1  # reruns of the same view
    at.switch_page("pages/shell/account.py").run()
    at.switch_page(page).run()  # opened again: a new view
    assert len(reads(action)) == 2


def test_it_audits_every_check_of_the_audit_chain(app_as):
    at = app_as("demo-admin")
    at.switch_page("pages/admin/audit.py").run()
    next(b for b in at.button if b.label == "Verify chain").click().run()
    next(b for b in at.button if b.label == "Verify chain").click().run()
    assert [r.actor_username for r in reads("verify_audit_chain")] == ["demo-admin"] * 2


def test_it_does_not_audit_a_patient_reading_their_own_record(app_as):
    at = app_as("demo-patient")
    at.run()
    at.run()
    with read_session() as session:
        own = session.exec(
            select(AuditEvent).where(
                AuditEvent.action.in_(["today_for_patient", "onboarding_state"])
            )
        ).all()
    assert own == []


# --- words -------------------------------------------------------------------------------------


def test_it_explains_passwords_in_plain_words():
    for text in (
        forms.RULES,
        forms.NOT_THE_SAME,
        forms.CALL_CLINIC,
        forms.FORCED_INTRO,
        forms.SAVED,
        forms.PASSWORD_CHANGED,
        SAME_PASSWORD,
        LINK_NOT_USABLE,
        reset_requested_message(SETTINGS),
        reset_mail_text("alex", "https://example.org/?reset=x", SETTINGS),
    ):
        assert fk_grade(text) <= 8, text
