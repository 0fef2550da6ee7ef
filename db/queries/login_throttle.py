"""Logins paused for one client (behind a trusted proxy), for the admin to see and unlock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.engine import read_session
from db.models import LoginThrottle, User
from db.queries import query
from db.read_audit import StaffRead


@dataclass(frozen=True)
class PausedClient:
    id: int  # pass as ``pause_id`` to unlock_login_client
    user_id: int
    username: str
    display_name: str
    client: str
    locked_until: datetime


@query("paused_login_clients", audit=StaffRead(lambda rows: f"{len(rows)} paused client logins"))
def paused_login_clients(*, actor: Actor, now: datetime | None = None) -> list[PausedClient]:
    """Every (client, login) pair paused now after wrong passwords, the longest pause first."""
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(LoginThrottle, User.username, User.display_name)
            .join(User, User.id == LoginThrottle.user_id)
            .where(LoginThrottle.locked_until > now)
            .order_by(LoginThrottle.locked_until.desc(), LoginThrottle.id)
        ).all()
    return [
        PausedClient(t.id, t.user_id, username, name, t.client, t.locked_until)
        for t, username, name in rows
    ]
