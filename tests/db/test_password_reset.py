"""Reset links by e-mail, through a real SMTP server on 127.0.0.1 (tests/utils/smtp_sink.py)."""

import hashlib
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from core.settings import SettingsError, load_settings
from db.actions import InvalidInput
from db.auth import authenticate, check_session, open_session
from db.engine import read_session, write_session
from db.models import AuditEvent, PasswordResetToken, User
from db.password_reset import (
    MAX_LINKS_PER_HOUR,
    request_password_reset,
    reset_link_is_usable,
    reset_password,
)
from tests.utils import PASSWORD, make_user
from tests.utils.smtp_sink import SmtpSink

NEW = "maple orbit sunlit 71"
LINK = re.compile(r"https://recalibrate\.example\.org/\?reset=([A-Za-z0-9_-]+)")


@pytest.fixture
def sink():
    with SmtpSink() as server:
        yield server


@pytest.fixture
def settings(sink):
    return load_settings({"RECALIBRATE_ENV": "test", **sink.env()})


@pytest.fixture
def people(db, frozen):
    make_user("nurse", ["coordinator"], email="nurse@example.org")
    make_user("mailless", ["coordinator"])
    make_user("gone", ["coordinator"], email="gone@example.org", active=False)
    return frozen


def ask(username, settings):
    thread = request_password_reset(username=username, settings=settings)
    if thread is not None:
        thread.join(timeout=20)
    return thread


def token_from(message) -> str:
    return LINK.search(message.get_content()).group(1)


def can_log_in(username, password):
    return authenticate(
        username=username, password=password, settings=load_settings({"RECALIBRATE_ENV": "test"})
    ).ok


def test_it_mails_a_link_that_sets_a_new_password_once(people, sink, settings):
    test_settings = load_settings({"RECALIBRATE_ENV": "test"})
    login = authenticate(username="nurse", password=PASSWORD, settings=test_settings)
    session_id = open_session(
        user_id=login.user_id, kind=login.kind, sid="k1", settings=test_settings
    )
    ask("Nurse", settings)
    [message] = sink.wait_for(1)
    assert sink.recipients == [["nurse@example.org"]]
    assert message["From"] == "clinic@example.org"
    assert "30 minutes" in message.get_content()
    token = token_from(message)
    with read_session() as session:  # only the hash is stored
        row = session.exec(select(PasswordResetToken)).one()
    assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()

    assert reset_link_is_usable(token)
    assert reset_password(token=token, new_password=NEW) == "nurse"
    assert can_log_in("nurse", NEW) and not can_log_in("nurse", PASSWORD)
    assert check_session(settings=settings, session_id=session_id).reason == "password changed"

    assert not reset_link_is_usable(token)
    with pytest.raises(InvalidInput, match="expired or was already used"):
        reset_password(token=token, new_password="another fine phrase 88")
    assert can_log_in("nurse", NEW)


def test_it_refuses_a_link_after_thirty_minutes(people, sink, settings):
    ask("nurse", settings)
    token = token_from(sink.wait_for(1)[0])
    people.shift(timedelta(minutes=29))
    assert reset_link_is_usable(token)
    people.shift(timedelta(minutes=2))
    assert not reset_link_is_usable(token)
    with pytest.raises(InvalidInput, match="expired"):
        reset_password(token=token, new_password=NEW)
    assert can_log_in("nurse", PASSWORD)


def test_it_refuses_a_made_up_link(people):
    for token in ("", "x" * 43, "x" * 5000):
        assert not reset_link_is_usable(token)
        with pytest.raises(InvalidInput):
            reset_password(token=token, new_password=NEW)


def test_it_applies_the_password_policy_and_keeps_the_link_for_another_try(people, sink, settings):
    ask("nurse", settings)
    token = token_from(sink.wait_for(1)[0])
    with pytest.raises(InvalidInput, match="12 characters"):
        reset_password(token=token, new_password="short")
    assert reset_link_is_usable(token)


@pytest.mark.parametrize("username", ["nobody-here", "mailless", "gone"])
def test_it_sends_nothing_for_an_unknown_inactive_or_mailless_account(
    people, sink, settings, username
):
    assert ask(username, settings) is None
    assert ask("nurse", settings) is not None  # the sink does receive mail
    assert sink.recipients == [["nurse@example.org"]]
    with read_session() as session:
        failed = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "password_reset_request", AuditEvent.outcome == "failed"
            )
        ).one()
    # the same words for every kind of miss, and nothing that names or reaches the person
    assert (failed.actor_id, failed.actor_username, failed.patient_id) == (None, None, None)
    assert failed.detail == "unknown or inactive account, or no e-mail address"
    stored = " ".join(str(value) for value in failed.model_dump().values())
    assert username not in stored and "@" not in stored


def test_it_uses_the_patients_address_when_the_login_has_none(people, sink, settings):
    from tests.utils import make_patient

    patient = make_patient("Ana", username="ana")
    with write_session() as session:
        row = session.get(type(patient), patient.id)
        row.email = "ana@example.org"
    ask("ana", settings)
    sink.wait_for(1)
    assert sink.recipients == [["ana@example.org"]]


def test_it_sends_at_most_three_links_an_hour(people, sink, settings):
    for _ in range(MAX_LINKS_PER_HOUR + 2):
        ask("nurse", settings)
    sink.wait_for(MAX_LINKS_PER_HOUR)
    assert len(sink.messages) == MAX_LINKS_PER_HOUR
    people.shift(timedelta(minutes=61))
    ask("nurse", settings)
    assert len(sink.wait_for(MAX_LINKS_PER_HOUR + 1)) == MAX_LINKS_PER_HOUR + 1


def test_it_voids_open_links_when_the_password_changes_another_way(people, sink, settings):
    from db.actions import issue_temporary_password
    from tests.utils import actor_for

    make_user("boss", ["admin"])
    ask("nurse", settings)
    token = token_from(sink.wait_for(1)[0])
    with read_session() as session:
        nurse_id = session.exec(select(User.id).where(User.username == "nurse")).one()
    issue_temporary_password(actor=actor_for("boss"), user_id=nurse_id)
    assert not reset_link_is_usable(token)


# --- settings -------------------------------------------------------------------------------


BASE = {
    "RECALIBRATE_ENV": "production",
    "COOKIE_KEY": "Zq8v-3kL0pW_x7rT2mN9bY4cJ6hF1dS5aG8eK0uQ3iO7",
    "SMTP_HOST": "smtp.example.org",
    "SMTP_FROM": "clinic@example.org",
    "APP_BASE_URL": "https://app.example.org",
}


def test_it_leaves_mail_off_when_smtp_host_is_unset():
    settings = load_settings({k: v for k, v in BASE.items() if not k.startswith("SMTP")})
    assert not settings.email_resets


def test_it_accepts_a_complete_mail_setup_and_keeps_the_password_out_of_repr():
    settings = load_settings({**BASE, "SMTP_USER": "app", "SMTP_PASSWORD": "s3cret-relay"})
    assert settings.email_resets and settings.smtp_port == 587
    assert settings.smtp_security == "starttls"
    assert "s3cret-relay" not in repr(settings) and BASE["COOKIE_KEY"] not in repr(settings)


@pytest.mark.parametrize(
    "change,problem",
    [
        ({"SMTP_PORT": "70000"}, "SMTP_PORT"),
        ({"SMTP_PORT": "abc"}, "SMTP_PORT"),
        ({"SMTP_FROM": ""}, "SMTP_FROM"),
        ({"SMTP_FROM": "clinic@example.org\r\nBcc: x@evil.test"}, "SMTP_FROM"),
        ({"APP_BASE_URL": ""}, "APP_BASE_URL"),
        ({"APP_BASE_URL": "javascript:alert(1)"}, "APP_BASE_URL"),
        ({"APP_BASE_URL": "http://app.example.org"}, "https"),
        ({"SMTP_USER": "app"}, "together"),
        ({"SMTP_SECURITY": "tls-maybe"}, "SMTP_SECURITY"),
        ({"SMTP_SECURITY": "none"}, "only allowed"),
    ],
)
def test_it_refuses_an_incomplete_or_unsafe_mail_setup(change, problem):
    with pytest.raises(SettingsError, match=problem):
        load_settings({**BASE, **change})


def test_it_allows_a_plain_relay_on_this_machine():
    settings = load_settings({**BASE, "SMTP_HOST": "127.0.0.1", "SMTP_SECURITY": "none"})
    assert settings.smtp_security == "none"
