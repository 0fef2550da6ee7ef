"""Ending a login pause for one client, by the admin (the account-wide pause: unlock_account)."""

from __future__ import annotations

from db.access import Actor, NotFound
from db.actions import action
from db.actions.common import write_audit
from db.engine import write_session
from db.models import LoginThrottle


@action("unlock_login_client")
def unlock_login_client(*, actor: Actor, pause_id: int) -> LoginThrottle:
    """End the pause of one (client, login) pair at once; its next pause is short again."""
    with write_session() as session:
        row = session.get(LoginThrottle, pause_id)
        if row is None:
            raise NotFound(f"login pause {pause_id}")
        row.locked_until = None
        row.failed_logins = 0
        row.lockouts = 0
        session.add(row)
        write_audit(
            session,
            actor,
            "unlock_login_client",
            detail=f"user {row.user_id}; client {row.client}",
        )
        return row
