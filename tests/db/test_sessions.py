"""Session control: the admin ends one session or all of a user's; idle staff sessions end."""

from datetime import timedelta

import pytest

from db.access import AccessDenied
from db.actions import InvalidInput, end_login_session, end_user_sessions
from db.auth import check_session
from db.queries import live_sessions, user_accounts
from tests.utils import actor_for
from tests.utils.sessions import SETTINGS, start, user


def test_it_lets_the_admin_end_one_session_or_all_of_a_users(people):
    first, second = start("nurse", "k1"), start("nurse", "k2")
    boss = actor_for("boss")
    end_login_session(actor=boss, session_id=first)
    assert check_session(settings=SETTINGS, session_id=first).reason == "revoked"
    assert check_session(settings=SETTINGS, session_id=second).actor is not None
    assert end_user_sessions(actor=boss, user_id=user("nurse").id) == 1
    assert check_session(settings=SETTINGS, session_id=second).reason == "revoked"
    with pytest.raises(InvalidInput, match="already ended"):
        end_login_session(actor=boss, session_id=first)


@pytest.mark.parametrize("who", ["nurse", "doc", "ana", "wide"])
def test_it_refuses_session_control_to_everyone_but_the_admin(people, who):
    target = start("ana", "k-ana")
    with pytest.raises(AccessDenied):
        end_login_session(actor=actor_for(who), session_id=target)
    with pytest.raises(AccessDenied):
        end_user_sessions(actor=actor_for(who), user_id=user("ana").id)
    with pytest.raises(AccessDenied):
        live_sessions(actor=actor_for(who))
    assert check_session(settings=SETTINGS, session_id=target).actor is not None


def test_it_lists_only_sessions_that_could_still_be_used(people):
    start("nurse", "staff")
    start("ana", "patient")
    ended = start("doc", "ended")
    end_user_sessions(actor=actor_for("boss"), user_id=user("doc").id)
    assert ended
    boss = actor_for("boss")
    assert sorted(s.username for s in live_sessions(actor=boss, settings=SETTINGS)) == [
        "ana",
        "nurse",
    ]
    people.shift(timedelta(minutes=16))  # past the staff idle limit, well within the patient's
    assert [s.username for s in live_sessions(actor=boss, settings=SETTINGS)] == ["ana"]
    counts = {a.username: a.live_sessions for a in user_accounts(actor=boss, settings=SETTINGS)}
    assert counts["ana"] == 1 and counts["nurse"] == 0


def test_it_does_not_count_the_open_page_timer_as_activity(people):
    session_id = start("nurse", "k1")
    people.shift(timedelta(minutes=10))
    assert check_session(settings=SETTINGS, session_id=session_id, touch=False).actor is not None
    people.shift(timedelta(minutes=6))
    assert check_session(settings=SETTINGS, session_id=session_id, touch=False).reason == "idle"


def test_it_counts_a_click_as_activity(people):
    session_id = start("nurse", "k1")
    people.shift(timedelta(minutes=10))
    assert check_session(settings=SETTINGS, session_id=session_id).actor is not None
    people.shift(timedelta(minutes=6))
    assert check_session(settings=SETTINGS, session_id=session_id).actor is not None
