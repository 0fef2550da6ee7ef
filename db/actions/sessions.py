"""Ending login sessions, by the admin (OWASP ASVS V7)."""

from __future__ import annotations

from core.clock import utcnow
from db.access import Actor, NotFound
from db.actions import InvalidInput, action
from db.actions.common import write_audit
from db.auth import revoke_user_sessions
from db.engine import write_session
from db.models import LoginSession, User


@action("end_login_session")
def end_login_session(*, actor: Actor, session_id: int) -> LoginSession:
    """End one live session (its cookie stops working at the next click)."""
    with write_session() as session:
        row = session.get(LoginSession, session_id)
        if row is None:
            raise NotFound(f"session {session_id}")
        if row.revoked_at is not None:
            raise InvalidInput("That session has already ended.")
        row.revoked_at, row.revoked_reason = utcnow(), "ended by admin"
        session.add(row)
        write_audit(
            session, actor, "end_login_session", detail=f"session {row.id} of user {row.user_id}"
        )
        return row


@action("end_user_sessions")
def end_user_sessions(*, actor: Actor, user_id: int) -> int:
    """End every live session of one user; returns how many ended."""
    with write_session() as session:
        if session.get(User, user_id) is None:
            raise NotFound(f"user {user_id}")
        ended = revoke_user_sessions(session, user_id, "ended by admin")
        write_audit(
            session, actor, "end_user_sessions", detail=f"user {user_id}; {ended} sessions ended"
        )
        return ended
