"""The login limit per (client, account) behind a trusted proxy (issue 10, item 11).

A guesser at one address pauses only their own pair, so the real user elsewhere still logs in;
the account pauses for everyone only after LOCKOUT_ACCOUNT_THRESHOLD failures from anywhere; and
without TRUSTED_PROXIES nothing a client sends changes how it is counted.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from core.client_address import client_address
from core.settings import load_settings
from db.access import AccessDenied
from db.actions import issue_temporary_password, unlock_account, unlock_login_client
from db.auth import authenticate
from db.engine import read_session
from db.models import AuditEvent, LoginThrottle, User
from db.queries import paused_login_clients, user_accounts
from tests.db.test_login_concurrency import at_once, real_checks, slow_hash_users  # noqa: F401
from tests.utils import PASSWORD, actor_for, make_user

A, B = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def settings():
    return load_settings({"RECALIBRATE_ENV": "test", "TRUSTED_PROXIES": "127.0.0.1"})


@pytest.fixture
def people(db, frozen):
    make_user("nurse", ["coordinator"])
    make_user("boss", ["admin"])
    return frozen


def login(password, settings, client, username="nurse"):
    return authenticate(username=username, password=password, settings=settings, client=client)


def guess(times, settings, client):
    for _ in range(times):
        assert not login("wrong guess", settings, client).ok


def nurse() -> User:
    with read_session() as session:
        return session.exec(select(User).where(User.username == "nurse")).one()


def test_it_pauses_only_the_guessers_client_while_the_real_user_logs_in_elsewhere(people, settings):
    guess(5, settings, A)
    assert not login(PASSWORD, settings, A).ok  # the right password, from the paused client
    assert login(PASSWORD, settings, B).ok  # the real user, on their own phone
    assert nurse().locked_until is None
    people.shift(timedelta(minutes=16))
    assert login(PASSWORD, settings, A).ok  # the first pause of a pair: 15 minutes


def test_it_pauses_the_whole_account_only_after_the_higher_threshold(people, settings):
    assert settings.lockout_account_threshold == 20
    for n in range(3):
        guess(5, settings, f"192.0.2.{n}")
    guess(4, settings, "192.0.2.9")
    assert nurse().locked_until is None  # 19 failures from four places: still open
    guess(1, settings, "192.0.2.9")
    assert nurse().locked_until is not None  # the 20th pauses everyone
    assert not login(PASSWORD, settings, B).ok
    people.shift(timedelta(minutes=16))
    assert login(PASSWORD, settings, B).ok


def test_it_counts_a_paused_clients_further_tries_against_nobody(people, settings):
    guess(5, settings, A)
    guess(40, settings, A)  # refused unchecked: they neither count on the account nor pause it
    assert nurse().failed_logins == 5 and nurse().locked_until is None
    assert login(PASSWORD, settings, B).ok


def test_it_doubles_a_pairs_pause_and_starts_again_after_a_good_login_from_there(people, settings):
    guess(5, settings, A)
    people.shift(timedelta(minutes=16))
    guess(5, settings, A)
    people.shift(timedelta(minutes=29))  # the second pause in a row lasts 30 minutes
    assert not login(PASSWORD, settings, A).ok
    people.shift(timedelta(minutes=2))
    assert login(PASSWORD, settings, A).ok
    with read_session() as session:
        assert session.exec(select(LoginThrottle)).all() == []  # forgotten after the good login


def test_it_counts_per_account_as_before_when_a_forged_header_is_all_there_is(db, frozen):
    make_user("nurse", ["coordinator"])
    plain = load_settings({"RECALIBRATE_ENV": "test"})  # no TRUSTED_PROXIES
    for n in range(5):
        forged = client_address("127.0.0.1", [f"198.51.100.{n}"], plain.trusted_proxies)
        assert forged is None
        assert not login("wrong guess", plain, forged).ok
    assert nurse().locked_until is not None  # five from "five places" lock it, as before
    assert not login(PASSWORD, plain, None).ok
    with read_session() as session:
        assert session.exec(select(LoginThrottle)).all() == []


def test_it_lets_an_admin_see_and_unlock_a_paused_client(people, settings):
    guess(5, settings, A)
    boss = actor_for("boss")
    [paused] = paused_login_clients(actor=boss)
    assert (paused.username, paused.client) == ("nurse", A)
    assert all(a.locked_until is None for a in user_accounts(actor=boss))  # not the account
    with pytest.raises(AccessDenied):  # NotFound, without an integer overflow on PostgreSQL
        unlock_login_client(actor=boss, pause_id=2**40)
    unlock_login_client(actor=boss, pause_id=paused.id)
    assert paused_login_clients(actor=boss) == []
    assert login(PASSWORD, settings, A).ok
    with read_session() as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    unlock = next(e for e in events if e.action == "unlock_login_client" and e.outcome == "ok")
    assert unlock.actor_username == "boss" and A in unlock.detail
    failed = [e for e in events if e.action == "login" and e.outcome == "failed"]
    assert failed[-1].detail == f"wrong password; paused for this client; client {A}"


def test_it_leaves_an_account_pause_to_unlock_account(people, settings):
    for n in range(4):
        guess(5, settings, f"192.0.2.{n}")
    boss = actor_for("boss")
    unlock_account(actor=boss, user_id=nurse().id)
    assert login(PASSWORD, settings, B).ok
    assert not login(PASSWORD, settings, "192.0.2.0").ok  # that guesser's own pause stays


def test_it_checks_no_more_than_the_allowed_guesses_from_one_client_at_once(db, real_checks):  # noqa: F811
    settings = load_settings({"RECALIBRATE_ENV": "test", "TRUSTED_PROXIES": "127.0.0.1"})
    slow_hash_users("target")
    results, errors = at_once(
        lambda n: authenticate(
            username="target", password=f"guess {n}", settings=settings, client=A
        )
    )
    assert errors == [] and not any(r.ok for r in results)
    assert len(real_checks) <= settings.lockout_threshold
    with read_session() as session:
        target = session.exec(select(User).where(User.username == "target")).one()
        pair = session.exec(select(LoginThrottle)).one()
    assert target.locked_until is None and pair.locked_until is not None
    assert target.failed_logins <= settings.lockout_threshold


def test_it_lets_a_person_in_from_their_own_paused_phone_after_a_new_password(db, frozen):
    nurse_user = make_user("nurse", ["coordinator"])
    make_user("boss", ["admin"])
    settings = load_settings({"RECALIBRATE_ENV": "test", "TRUSTED_PROXIES": "127.0.0.1"})
    guess(5, settings, A)  # they mistyped five times on their own phone
    temporary = issue_temporary_password(actor=actor_for("boss"), user_id=nurse_user.id)
    assert login(temporary, settings, A).ok  # the clinic's new password works from there at once
