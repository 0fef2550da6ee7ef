"""Login sessions that could still be used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import select

from core.clock import utcnow
from core.settings import Settings, load_settings
from db.access import Actor
from db.auth import session_limits
from db.engine import read_session
from db.models import LoginSession, User
from db.queries import query
from db.read_audit import StaffRead


def live_sessions_clause(now: datetime, settings: Settings):
    """Sessions that would still let someone in: not ended, not expired, not idle too long."""
    _, staff_idle = session_limits("staff", settings)
    _, patient_idle = session_limits("patient", settings)
    return and_(
        LoginSession.revoked_at.is_(None),
        LoginSession.expires_at > now,
        or_(
            and_(LoginSession.kind == "staff", LoginSession.last_seen_at >= now - staff_idle),
            and_(LoginSession.kind != "staff", LoginSession.last_seen_at >= now - patient_idle),
        ),
    )


@dataclass(frozen=True)
class LiveSession:
    id: int
    user_id: int
    username: str
    kind: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


@query("live_sessions", audit=StaffRead(lambda rows: f"{len(rows)} live sessions"))
def live_sessions(
    *,
    actor: Actor,
    settings: Settings | None = None,
    now: datetime | None = None,
    limit: int = 500,
) -> list[LiveSession]:
    """Sessions that could still be used, most recently active first."""
    settings = settings or load_settings()
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(LoginSession, User.username)
            .join(User, User.id == LoginSession.user_id)
            .where(live_sessions_clause(now, settings))
            .order_by(LoginSession.last_seen_at.desc())
            .limit(max(1, min(limit, 2000)))
        ).all()
    return [
        LiveSession(s.id, s.user_id, name, s.kind, s.created_at, s.last_seen_at, s.expires_at)
        for s, name in rows
    ]
