"""Password change and temporary passwords, each tested from both sides."""

from datetime import timedelta

import pytest
from sqlmodel import select

from core.passwords import DEMO_PASSWORD
from db.access import AccessDenied, NotFound
from db.actions import (
    InvalidInput,
    change_password,
    issue_temporary_password,
)
from db.auth import LOGIN_FAILED, authenticate, check_session
from db.engine import read_session, write_session
from db.models import AuditEvent, Clinic, User
from tests.conftest import FROZEN_NOW
from tests.utils import PASSWORD, actor_for, make_user
from tests.utils.sessions import SETTINGS, start, user

NEW = "maple orbit sunlit 71"


def can_log_in(username: str, password: str) -> bool:
    return authenticate(username=username, password=password, settings=SETTINGS).ok


def audit(action: str) -> list[AuditEvent]:
    with read_session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


# --- change password ----------------------------------------------------------------------------


def test_it_changes_the_password_and_refuses_a_replayed_cookie_from_before(people):
    here = start("ana", "session-id-of-this-browser")
    copied = "session-id-of-another-browser"  # a cookie copied to another browser
    start("ana", copied)
    assert check_session(settings=SETTINGS, sid=copied).actor is not None

    change_password(
        actor=actor_for("ana"), current_password=PASSWORD, new_password=NEW, keep_session_id=here
    )

    replay = check_session(settings=SETTINGS, sid=copied)
    assert replay.actor is None and replay.reason == "password changed"
    assert check_session(settings=SETTINGS, session_id=here).actor.username == "ana"
    assert not can_log_in("ana", PASSWORD) and can_log_in("ana", NEW)
    saved = user("ana")
    assert saved.password_changed_at == FROZEN_NOW
    assert [e.detail for e in audit("change_password")] == ["1 other sessions ended"]


def test_it_refuses_a_wrong_current_password_and_counts_it_toward_lockout(people):
    ana = actor_for("ana")
    for _ in range(5):
        with pytest.raises(InvalidInput, match="current password is not right"):
            change_password(
                actor=ana, current_password="not it", new_password=NEW, keep_session_id=None
            )
    assert user("ana").locked_until is not None
    with pytest.raises(InvalidInput, match="Too many tries"):  # even with the right one now
        change_password(
            actor=ana, current_password=PASSWORD, new_password=NEW, keep_session_id=None
        )
    assert not can_log_in("ana", PASSWORD)
    people.shift(timedelta(minutes=16))
    assert can_log_in("ana", PASSWORD) and not can_log_in("ana", NEW)
    assert [e.outcome for e in audit("change_password")] == ["failed"] * 5 + ["refused"]


def test_it_applies_the_password_policy_with_the_users_own_name(people):
    make_user("qzorblatt", ["clinician"])
    with write_session() as session:
        row = session.exec(select(User).where(User.username == "qzorblatt")).one()
        row.display_name = "Quentin Zorblatt"
    quentin = actor_for("qzorblatt")
    for weak, why in (
        ("short one", "12 characters"),
        ("password1234", "too easy"),
        ("Quentin Zorblatt 7", "too easy"),
        (PASSWORD, "not the one you have now"),
    ):
        with pytest.raises(InvalidInput, match=why):
            change_password(
                actor=quentin, current_password=PASSWORD, new_password=weak, keep_session_id=None
            )
    assert can_log_in("qzorblatt", PASSWORD)


@pytest.mark.parametrize(
    ("weak", "why"),
    [
        ("recalibrate2026!", "too easy"),  # the app's name
        ("recalibratenorthside", "too easy"),  # the app's and the clinic's names
        ("Northside Pain Clinic", "too easy"),  # the clinic's name
        (DEMO_PASSWORD, "demo password"),  # printed in the README
        (" maple orbit sunlit 71", "spaces at the start or end"),
        ("maple orbit sunlit 71 ", "spaces at the start or end"),
    ],
)
def test_it_refuses_the_demo_password_spaces_and_the_app_and_clinic_names(people, weak, why):
    with write_session() as session:
        session.add(Clinic(name="Northside Pain Clinic", phone="555-0100"))
    with pytest.raises(InvalidInput, match=why):
        change_password(
            actor=actor_for("ana"),
            current_password=PASSWORD,
            new_password=weak,
            keep_session_id=None,
        )
    assert can_log_in("ana", PASSWORD)


def test_it_asks_for_the_current_password_unless_a_temporary_one_is_in_use(people):
    with pytest.raises(InvalidInput, match="current password"):
        change_password(
            actor=actor_for("ana"), current_password=None, new_password=NEW, keep_session_id=None
        )
    assert can_log_in("ana", PASSWORD)


def test_it_lets_every_role_change_its_own_password_but_not_a_login_without_roles(people):
    make_user("nobody", [])
    for who in ("ana", "nurse", "doc", "boss"):
        change_password(
            actor=actor_for(who), current_password=PASSWORD, new_password=NEW, keep_session_id=None
        )
        assert can_log_in(who, NEW)
    with pytest.raises(AccessDenied):
        change_password(
            actor=actor_for("nobody"),
            current_password=PASSWORD,
            new_password=NEW,
            keep_session_id=None,
        )


# --- temporary passwords ------------------------------------------------------------------------


def test_it_issues_a_temporary_password_that_ends_sessions_and_must_be_changed(people):
    session_id = start("ana", "k-ana")
    temporary = issue_temporary_password(actor=actor_for("boss"), user_id=user("ana").id)

    assert check_session(settings=SETTINGS, session_id=session_id).reason == "password changed"
    assert not can_log_in("ana", PASSWORD)
    fresh = start("ana", "k-ana-2", password=temporary)
    assert check_session(settings=SETTINGS, session_id=fresh).must_change_password
    change_password(
        actor=actor_for("ana"), current_password=None, new_password=NEW, keep_session_id=fresh
    )
    assert not user("ana").must_change_password
    assert not can_log_in("ana", temporary) and can_log_in("ana", NEW)
    with read_session() as session:  # never stored or logged in clear
        assert all(temporary not in e.detail for e in session.exec(select(AuditEvent)))
        assert temporary not in user("ana").password_hash


def test_it_lets_a_temporary_password_expire_after_a_day_and_a_new_one_work(people):
    temporary = issue_temporary_password(actor=actor_for("boss"), user_id=user("ana").id)
    people.shift(timedelta(hours=23))
    assert can_log_in("ana", temporary)  # still inside the day
    people.shift(timedelta(hours=2))
    expired = authenticate(username="ana", password=temporary, settings=SETTINGS)
    assert not expired.ok
    assert "expired" in expired.message and "24 hours" in expired.message
    assert "ask your clinic for a new one" in expired.message
    assert [e.detail for e in audit("login")][-1] == "temporary password expired"
    again = issue_temporary_password(actor=actor_for("boss"), user_id=user("ana").id)
    assert can_log_in("ana", again)
    # a wrong guess at an expired temporary password learns nothing new
    people.shift(timedelta(hours=25))
    guess = authenticate(username="ana", password="not the temporary one", settings=SETTINGS)
    assert guess.message == LOGIN_FAILED


def test_it_refuses_the_temporary_password_as_the_new_one(people):
    temporary = issue_temporary_password(actor=actor_for("boss"), user_id=user("ana").id)
    with pytest.raises(InvalidInput, match="not the one you have now"):
        change_password(
            actor=actor_for("ana"),
            current_password=None,
            new_password=temporary,
            keep_session_id=None,
        )


def test_it_unlocks_a_locked_account_with_a_temporary_password(people):
    for _ in range(5):
        can_log_in("ana", "wrong")
    temporary = issue_temporary_password(actor=actor_for("nurse"), user_id=user("ana").id)
    assert can_log_in("ana", temporary)


@pytest.mark.parametrize("who", ["nurse", "wide", "boss"])
def test_it_lets_the_care_team_coordinator_or_an_admin_issue_a_temporary_password(people, who):
    assert issue_temporary_password(actor=actor_for(who), user_id=user("ana").id)
    assert user("ana").must_change_password


@pytest.mark.parametrize("who", ["other", "doc", "ana", "ben"])
def test_it_refuses_a_temporary_password_to_anyone_else(people, who):
    with pytest.raises(NotFound):
        issue_temporary_password(actor=actor_for(who), user_id=user("ana").id)
    assert can_log_in("ana", PASSWORD) and not user("ana").must_change_password
    assert [(e.actor_username, e.outcome) for e in audit("issue_temporary_password")] == [
        (who, "refused")
    ]


def test_it_keeps_coordinators_away_from_staff_logins(people):
    with pytest.raises(NotFound):
        issue_temporary_password(actor=actor_for("wide"), user_id=user("doc").id)
    assert issue_temporary_password(actor=actor_for("boss"), user_id=user("doc").id)
