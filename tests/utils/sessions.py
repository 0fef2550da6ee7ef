"""Logging in for store tests: a real password check, then a real server-side session."""

from __future__ import annotations

from sqlmodel import select

from core.settings import load_settings
from db.auth import authenticate, open_session
from db.engine import read_session
from db.models import User
from tests.utils import PASSWORD

SETTINGS = load_settings({"RECALIBRATE_ENV": "test"})


def user(username: str) -> User:
    with read_session() as session:
        return session.exec(select(User).where(User.username == username)).one()


def start(username: str, key: str, password: str = PASSWORD) -> int:
    result = authenticate(username=username, password=password, settings=SETTINGS)
    assert result.ok, username
    return open_session(user_id=result.user_id, kind=result.kind, sid=key, settings=SETTINGS)
