"""What the app stores reads back the same on SQLite and PostgreSQL (time zones, JSON, uniqueness)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import Clinic, User

KOLKATA = timezone(timedelta(hours=5, minutes=30))


def user(username: str, **extra: object) -> User:
    values = {"display_name": "X", "roles": ["admin"], "password_hash": "x", **extra}
    return User(username=username, **values)


def test_it_reads_aware_times_back_as_the_same_instant_in_utc(db):
    local = datetime(2026, 3, 18, 20, 30, 15, 123456, tzinfo=KOLKATA)
    with write_session() as session:
        session.add(user("asha", created_at=local, locked_until=None))
    with read_session() as session:
        row = session.exec(select(User).where(User.username == "asha")).one()
        # Compared in the database, across the offset: 15:00:15 UTC is the same instant.
        later = session.exec(
            select(User.username).where(User.created_at > datetime(2026, 3, 18, 15, 0, tzinfo=UTC))
        ).all()
    assert row.created_at == local and row.created_at.utcoffset() == timedelta(0)
    assert row.created_at == datetime(2026, 3, 18, 15, 0, 15, 123456, tzinfo=UTC)
    assert later == ["asha"]


def test_it_refuses_a_naive_time_instead_of_guessing_its_zone(db):
    with pytest.raises(Exception, match="timezone"), write_session() as session:
        session.add(user("naive", created_at=datetime(2026, 3, 18, 12, 0)))
    with read_session() as session:
        assert session.exec(select(User)).all() == []


def test_it_reads_json_back_exactly(db):
    hours = {"mon": [["08:00", "12:00"], ["13:00", "17:30"]], "sun": []}
    with write_session() as session:
        session.add(Clinic(name="Clínica Ñandú – 東京", phone="+1 555 0100", hours=hours))
        session.add(user("multi", roles=["coordinator", "clinician"]))
    with read_session() as session:
        clinic = session.get(Clinic, 1)
        staff = session.exec(select(User).where(User.username == "multi")).one()
    assert clinic.hours == hours and clinic.name == "Clínica Ñandú – 東京"
    assert staff.roles == ["coordinator", "clinician"]


def test_it_refuses_a_second_user_with_the_same_username(db):
    with write_session() as session:
        session.add(user("same"))
    with pytest.raises(IntegrityError), write_session() as session:
        session.add(user("same"))
