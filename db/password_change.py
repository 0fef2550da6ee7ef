"""What every password change does (own change, reset link, temporary password): the new hash,
no lock, no old reset link, no other live session, and no pause for any client (HIPAA person
authentication; OWASP ASVS V6)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from db.auth import revoke_user_sessions
from db.login_throttle import forget_all_pairs
from db.models import PasswordResetToken, User


def expire_reset_tokens(session: Session, user_id: int, now: datetime) -> None:
    """Mark every unused reset link of a user as used (after any password change)."""
    rows = session.exec(
        select(PasswordResetToken).where(
            PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None)
        )
    ).all()
    for row in rows:
        row.used_at = now
        session.add(row)


def replace_password(
    session: Session,
    user: User,
    password_hash: str,
    now: datetime,
    *,
    temporary: bool,
    reason: str,
    keep: int | None = None,
) -> int:
    """Give ``user`` a new password: no lock (for the account or any client), no old reset link,
    no other live session.

    ``temporary`` makes them choose their own at the next login. Returns the sessions ended.
    """
    user.password_hash = password_hash
    user.must_change_password = temporary
    user.password_changed_at = now
    user.failed_logins = 0
    user.locked_until = None
    user.lockouts = 0
    session.add(user)
    forget_all_pairs(session, user.id)  # the person may have paused their own phone
    expire_reset_tokens(session, user.id, now)
    return revoke_user_sessions(session, user.id, reason, keep=keep)
