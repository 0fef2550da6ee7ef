"""Password reset by an e-mailed link (OWASP ASVS V6): single use, expiring, only a hash stored.

Anonymous, like ``db.auth.authenticate``: nobody is logged in when they forget a password, so these
are not registered actions. The answer to a request never says whether the account exists.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from core.clock import utcnow
from core.mail import in_background, send_mail
from core.passwords import hash_password, password_problems
from core.settings import Settings
from db.actions import InvalidInput
from db.audit import AuditActor, record
from db.auth import normalize_username, password_words
from db.engine import read_session, write_session
from db.models import PasswordResetToken, Patient, User
from db.password_change import replace_password

LINK_NOT_USABLE = (
    "This link has expired or was already used. You can ask for a new one on the login page."
)
MAX_LINKS_PER_HOUR = 3
MAX_TOKEN_CHARS = 100


def reset_requested_message(settings: Settings) -> str:
    """The one answer to every request, whether or not the account exists."""
    return (
        "If that account has an e-mail address, we sent a link to it. "
        f"The link works for {settings.reset_token_minutes} minutes. "
        "No e-mail? Please call your clinic."
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _address(session: Session, user: User) -> str | None:
    """Where a link may go: the login's own e-mail, else the linked patient's."""
    if user.email:
        return user.email
    return session.exec(select(Patient.email).where(Patient.user_id == user.id)).first()


def request_password_reset(
    *, username: str, settings: Settings, now: datetime | None = None
) -> threading.Thread | None:
    """E-mail a reset link if the account exists, is active and has an address.

    The mail goes out on a background thread (returned for tests; None when nothing is sent), so
    the page answers just as fast either way.
    """
    if not settings.email_resets:
        raise RuntimeError("password reset by e-mail needs SMTP_HOST")
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with write_session() as session:
        user = session.exec(
            select(User).where(User.username == normalize_username(username)[:64])
        ).first()
        address = _address(session, user) if user is not None and user.active else None
        if user is None or address is None:
            record(
                session,
                actor=None,
                action="password_reset_request",
                outcome="failed",
                detail="unknown or inactive account, or no e-mail address",
            )
            return None
        who = AuditActor(user.id, user.username)
        recent = session.exec(
            select(func.count(PasswordResetToken.id)).where(
                PasswordResetToken.user_id == user.id,
                PasswordResetToken.created_at > now - timedelta(hours=1),
            )
        ).one()
        if recent >= MAX_LINKS_PER_HOUR:
            record(
                session,
                actor=who,
                action="password_reset_request",
                outcome="refused",
                detail="too many links in an hour",
            )
            return None
        session.add(
            PasswordResetToken(
                user_id=user.id,
                token_sha256=token_digest(token),
                created_at=now,
                expires_at=now + timedelta(minutes=settings.reset_token_minutes),
            )
        )
        record(session, actor=who, action="password_reset_request", detail="link sent")
        name = user.username
    body = reset_mail_text(name, f"{settings.app_base_url}/?reset={token}", settings)
    return in_background(
        lambda: send_mail(
            settings, to=address, subject="Reset your Recalibrate password", body=body
        ),
        "password reset mail",
    )


def reset_mail_text(username: str, link: str, settings: Settings) -> str:
    return (
        "Hello,\n\n"
        f"Someone asked to reset the password for the Recalibrate account {username}. "
        "If it was you, open this link to choose a new password:\n\n"
        f"{link}\n\n"
        f"The link works once, for the next {settings.reset_token_minutes} minutes.\n\n"
        "If you did not ask for this, you can ignore this e-mail. Your password stays the same.\n\n"
        "Recalibrate is not watched around the clock. In an emergency call 911.\n"
    )


def _usable(session: Session, token: str, now: datetime) -> tuple[PasswordResetToken, User] | None:
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    row = session.exec(
        select(PasswordResetToken).where(PasswordResetToken.token_sha256 == token_digest(token))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return row, user


def reset_link_is_usable(token: str) -> bool:
    """Whether a link can still set a password (checked before showing the form)."""
    with read_session() as session:
        return _usable(session, token, utcnow()) is not None


def reset_password(*, token: str, new_password: str) -> str:
    """Set a new password from a reset link; the link is used up and every session ends.

    Returns the username, to fill in the login form.
    """
    now = utcnow()
    with read_session() as session:
        found = _usable(session, token, now)
    if found is None:
        with write_session() as session:
            record(
                session,
                actor=None,
                action="password_reset",
                outcome="failed",
                detail="expired, used or unknown link",
            )
        raise InvalidInput(LINK_NOT_USABLE)
    user = found[1]
    words = password_words(user.username, user.display_name, user.email)
    if problems := password_problems(new_password, user_inputs=words):
        raise InvalidInput(" ".join(problems))
    new_hash = hash_password(new_password)
    with write_session() as session:
        # Checked again under the write lock: two tabs racing cannot both use one link.
        found = _usable(session, token, now)
        if found is None:
            raise InvalidInput(LINK_NOT_USABLE)
        user = found[1]
        ended = replace_password(
            session, user, new_hash, now, temporary=False, reason="password reset"
        )
        record(
            session,
            actor=AuditActor(user.id, user.username),
            action="password_reset",
            detail=f"{ended} sessions ended",
        )
        return user.username
