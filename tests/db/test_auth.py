import hashlib
from datetime import timedelta

import pytest
from sqlmodel import select

from core.clock import utcnow
from core.session_token import new_session_id
from core.settings import load_settings
from db.actions import set_user_active, unlock_account
from db.auth import LOGIN_FAILED, authenticate, check_session, end_session, open_session
from db.engine import read_session
from db.models import AuditEvent, LoginSession, User
from db.queries import user_accounts
from tests.utils import PASSWORD, actor_for, make_user


@pytest.fixture
def settings():
    return load_settings({"RECALIBRATE_ENV": "test"})


@pytest.fixture
def people(db, frozen):
    make_user("nurse", ["coordinator"])
    make_user("pat", ["patient"])
    make_user("boss", ["admin"])
    return frozen


def login(username, password, settings):
    return authenticate(username=username, password=password, settings=settings)


def test_it_logs_in_with_the_right_password_ignoring_username_case(people, settings):
    result = login(" Nurse ", PASSWORD, settings)
    assert result.ok and result.username == "nurse" and result.kind == "staff"
    assert login("pat", PASSWORD, settings).kind == "patient"


def test_it_gives_one_generic_message_for_wrong_password_and_unknown_user(people, settings):
    wrong = login("nurse", "not the password", settings)
    unknown = login("nobody-here", "whatever", settings)
    assert not wrong.ok and not unknown.ok
    assert wrong.message == unknown.message == LOGIN_FAILED


def test_it_locks_an_account_after_five_failures_for_fifteen_minutes(people, settings):
    for _ in range(5):
        assert not login("nurse", "wrong", settings).ok
    assert not login("nurse", PASSWORD, settings).ok  # right password, but locked
    people.shift(timedelta(minutes=14))
    assert not login("nurse", PASSWORD, settings).ok
    people.shift(timedelta(minutes=2))
    assert login("nurse", PASSWORD, settings).ok


def test_it_refuses_a_disabled_user(people, settings):
    with read_session() as session:
        nurse_id = session.exec(select(User.id).where(User.username == "nurse")).one()
    set_user_active(actor=actor_for("boss"), user_id=nurse_id, active=False)
    assert not login("nurse", PASSWORD, settings).ok


def test_it_audits_logins_and_failures(people, settings):
    login("nurse", PASSWORD, settings)
    login("nurse", "wrong", settings)
    login("ghost", "wrong", settings)
    with read_session() as session:
        got = [
            (e.actor_username, e.outcome)
            for e in session.exec(select(AuditEvent).where(AuditEvent.action == "login"))
        ]
    assert got == [("nurse", "ok"), ("nurse", "failed"), (None, "failed")]


def start(username, settings, key="k1"):
    result = login(username, PASSWORD, settings)
    return open_session(user_id=result.user_id, kind=result.kind, sid=key, settings=settings)


def test_it_ends_a_staff_session_after_fifteen_idle_minutes(people, settings):
    session_id = start("nurse", settings)
    people.shift(timedelta(minutes=10))
    assert check_session(settings=settings, session_id=session_id).actor is not None
    people.shift(timedelta(minutes=16))
    check = check_session(settings=settings, session_id=session_id)
    assert check.actor is None and check.reason == "idle"


def test_it_ends_a_staff_session_after_twelve_hours_even_when_active(people, settings):
    session_id = start("nurse", settings)
    for _ in range(12 * 6):
        people.shift(timedelta(minutes=10))
        check_session(settings=settings, session_id=session_id)
    assert check_session(settings=settings, session_id=session_id).reason == "expired"


def test_it_remembers_a_patient_on_their_phone_for_weeks(people, settings):
    session_id = start("pat", settings)
    people.shift(timedelta(days=6))
    assert check_session(settings=settings, session_id=session_id).actor is not None
    people.shift(timedelta(days=25))
    assert check_session(settings=settings, session_id=session_id).actor is None


def test_it_refuses_a_replayed_cookie_after_logout(people, settings):
    sid = new_session_id()
    session_id = start("nurse", settings, key=sid)
    assert check_session(settings=settings, sid=sid).actor.username == "nurse"
    end_session(session_id=session_id)
    check = check_session(settings=settings, sid=sid)
    assert check.actor is None and check.reason == "revoked"


def test_it_finds_a_session_only_by_its_own_random_id(people, settings):
    sid = new_session_id()
    start("nurse", settings, key=sid)
    assert check_session(settings=settings, sid=new_session_id()).actor is None
    assert check_session(settings=settings, sid=sid[:-1]).actor is None


def test_it_stores_only_the_hash_of_the_session_id(people, settings):
    sid = new_session_id()
    start("nurse", settings, key=sid)
    with read_session() as session:
        row = session.exec(select(LoginSession)).one()
    assert row.sid_sha256 == hashlib.sha256(sid.encode()).hexdigest()


def test_it_revokes_every_session_when_the_user_is_disabled(people, settings):
    session_id = start("nurse", settings)
    with read_session() as session:
        nurse_id = session.exec(select(User.id).where(User.username == "nurse")).one()
    set_user_active(actor=actor_for("boss"), user_id=nurse_id, active=False)
    assert check_session(settings=settings, session_id=session_id).reason == "revoked"


def lock_out(username, settings):
    for _ in range(settings.lockout_threshold):
        assert not login(username, "wrong", settings).ok


def test_it_doubles_each_lockout_in_a_row_and_starts_again_after_a_good_login(people, settings):
    lock_out("nurse", settings)
    people.shift(timedelta(minutes=16))  # the first pause: 15 minutes
    lock_out("nurse", settings)
    people.shift(timedelta(minutes=29))  # the second in a row: 30 minutes
    assert not login("nurse", PASSWORD, settings).ok
    people.shift(timedelta(minutes=2))
    assert login("nurse", PASSWORD, settings).ok
    lock_out("nurse", settings)  # after a good login, back to 15 minutes
    people.shift(timedelta(minutes=16))
    assert login("nurse", PASSWORD, settings).ok


def test_it_never_pauses_a_login_for_more_than_a_day(people, settings):
    for _ in range(12):
        lock_out("nurse", settings)
        with read_session() as session:
            nurse = session.exec(select(User).where(User.username == "nurse")).one()
        assert nurse.locked_until - utcnow() <= timedelta(hours=24)
        people.move_to(nurse.locked_until + timedelta(seconds=1))
    assert login("nurse", PASSWORD, settings).ok


def test_it_lets_an_admin_see_and_unlock_a_paused_login(people, settings):
    lock_out("nurse", settings)
    boss = actor_for("boss")
    [paused] = [a for a in user_accounts(actor=boss) if a.locked_until is not None]
    assert paused.username == "nurse" and paused.locked_until - utcnow() == timedelta(minutes=15)
    unlock_account(actor=boss, user_id=paused.id)
    assert login("nurse", PASSWORD, settings).ok
    assert all(a.locked_until is None for a in user_accounts(actor=boss))
    with read_session() as session:
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.action == "unlock_account"))
            .one()
            .actor_username
            == "boss"
        )
