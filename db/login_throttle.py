"""The login limit per (client, account), used by db/auth.py when the client's address is known.

Known only behind a proxy the clinic trusts (TRUSTED_PROXIES, core/client_address.py). Then each
pair pauses after LOCKOUT_THRESHOLD failures, with the same doubling back-off as the account, and
the account itself only after LOCKOUT_ACCOUNT_THRESHOLD failures from anywhere: a guesser at one
address pauses only themselves, and guessing from many addresses is still bounded. Without a known
client the account pauses after LOCKOUT_THRESHOLD, as before.

Counted like the account: one atomic statement in the short write that precedes the password check
(an upsert that counts only while the pair is not paused), so parallel guesses cannot slip past.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from core.settings import Settings
from db.models import LoginThrottle

TABLE = LoginThrottle.__table__  # type: ignore[attr-defined]


def lockout_length(lockouts: int, settings: Settings) -> timedelta:
    """How long the next pause lasts after ``lockouts`` in a row: doubling, up to a maximum.

    A fixed window let anyone keep an account locked for ever, 5 guesses at a time, and let a
    patient guesser keep going at 5 guesses per window; doubling slows the guesser to a trickle
    while the first pause for a forgetful user stays short (trade-off: README, "Lockout"). The
    same for an account and for a (client, account) pair.
    """
    minutes = settings.lockout_minutes * 2 ** min(lockouts, 20)
    return timedelta(minutes=min(minutes, settings.lockout_max_minutes))


def account_threshold(settings: Settings, client: str | None) -> int:
    """Failures before the whole account pauses: higher when each client has its own limit."""
    return settings.lockout_account_threshold if client else settings.lockout_threshold


def count_pair_attempt(session: Session, user_id: int, client: str, now: datetime) -> int | None:
    """Count one attempt of ``client`` on this account; None while the pair is paused.

    One INSERT ... ON CONFLICT DO UPDATE: the first failure makes the row, later ones add one,
    and a paused pair's row is not touched (no row comes back).
    """
    insert = sqlite.insert if session.get_bind().dialect.name == "sqlite" else postgresql.insert
    statement = (
        insert(TABLE)
        .values(user_id=user_id, client=client, failed_logins=1, lockouts=0, updated_at=now)
        .on_conflict_do_update(
            index_elements=[TABLE.c.user_id, TABLE.c.client],
            set_={"failed_logins": TABLE.c.failed_logins + 1, "updated_at": now},
            where=or_(TABLE.c.locked_until.is_(None), TABLE.c.locked_until <= now),
        )
        .returning(TABLE.c.failed_logins)
    )
    return session.execute(statement).scalar_one_or_none()


def pause_pair(
    session: Session, user_id: int, client: str, settings: Settings, now: datetime
) -> None:
    """Pause this (client, account) pair for its next, longer pause (the caller's transaction)."""
    row = session.exec(
        select(LoginThrottle).where(
            LoginThrottle.user_id == user_id, LoginThrottle.client == client
        )
    ).one()
    if row.locked_until is not None and row.locked_until > now:
        return  # a parallel attempt paused it already
    row.locked_until = now + lockout_length(row.lockouts, settings)
    row.lockouts += 1
    row.failed_logins = 0
    row.updated_at = now
    session.add(row)


def count_client(
    session: Session, user_id: int, client: str | None, settings: Settings, now: datetime
) -> tuple[int | None, str | None]:
    """Step 1 of a login from a known client: (this pair's count, why it is refused or None)."""
    if client is None:
        return None, None
    count = count_pair_attempt(session, user_id, client, now)
    if count is None:
        return None, "paused for this client"
    if count > settings.lockout_threshold:
        # Guesses from this client already in flight used up its allowance: pause, check nothing.
        pause_pair(session, user_id, client, settings, now)
        return count, "too many attempts from this client"
    return count, None


def note_client_failure(
    session: Session,
    user_id: int,
    client: str | None,
    count: int | None,
    settings: Settings,
    now: datetime,
) -> str:
    """Step 3 of a failed login from a known client: pause the pair at its threshold."""
    if client is None or (count or 0) < settings.lockout_threshold:
        return ""
    pause_pair(session, user_id, client, settings, now)
    return "; paused for this client"


def with_client(detail: str, client: str | None) -> str:
    """An audit detail with the client's address, where a trusted proxy named it."""
    if not client:
        return detail
    return f"{detail}; client {client}" if detail else f"client {client}"


def forget_pair(session: Session, user_id: int, client: str | None) -> None:
    """A good login from ``client``: its count starts again (other clients' pauses stay)."""
    if client:
        session.execute(
            delete(LoginThrottle).where(
                LoginThrottle.user_id == user_id, LoginThrottle.client == client
            )
        )


def forget_all_pairs(session: Session, user_id: int) -> None:
    """A new password: every client of this account starts again."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.user_id == user_id))
