"""Login, lockout and server-side sessions (HIPAA person authentication, ASVS V6/V7).

streamlit-authenticator only carries the signed cookie; every decision is made here, against the
database, on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from core.clock import utcnow
from core.passwords import DUMMY_HASH, verify_password
from core.session_token import hash_session_id
from core.settings import Settings
from db.access import Actor, actor_from_user
from db.audit import AuditActor, record
from db.engine import read_session, write_session
from db.login_throttle import (
    account_threshold,
    count_client,
    forget_pair,
    lockout_length,
    note_client_failure,
    with_client,
)
from db.models import Clinic, LoginSession, User
from program.vocabulary import Role

LOGIN_FAILED = (
    "That username and password did not work. Please check them and try again. "
    "After several tries the account pauses for a while."
)
TEMPORARY_PASSWORD_EXPIRED = (
    "This temporary password has expired: they work for {hours} hours. "
    'Please ask your clinic for a new one, or use "Forgot password?" below if you see it.'
)
TOUCH_EVERY = timedelta(seconds=30)
# Sessions ended because the password changed; the login form then says so.
PASSWORD_REVOCATIONS = ("password changed", "password reset", "temporary password")


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str = ""
    user_id: int | None = None
    username: str | None = None
    kind: str | None = None


def normalize_username(username: str) -> str:
    return username.strip().lower()


def session_kind(roles: list[str] | frozenset[str]) -> str:
    """Staff rules (short idle logoff) apply to anyone holding a staff or admin role."""
    return "patient" if set(roles) <= {Role.PATIENT} else "staff"


def authenticate(
    *, username: str, password: str, settings: Settings, client: str | None = None
) -> LoginResult:
    """Check a username and password with lockout; one generic message for every failure.

    Three steps so that many logins at once neither queue behind bcrypt nor slip past the lockout:
    count the attempt with one atomic increment (a short write), check the password with no
    transaction open (bcrypt takes ~250 ms at cost 12), then record the outcome (a short write).
    An attempt that counts beyond the threshold is refused without looking at the password, so
    parallel guesses get at most ``lockout_threshold`` checks between two lockouts.

    ``client`` is the client's address where a trusted proxy names it (core/client_address.py):
    then the (client, account) pair pauses after ``lockout_threshold`` failures and the account
    only after ``lockout_account_threshold`` (db/login_throttle.py). None: per account, as before.
    """
    name = normalize_username(username)[:64]
    client = client[:64] if client else None
    attempt = _count_attempt(name, settings, utcnow(), client)
    if attempt.refusal is not None:
        verify_password(password, DUMMY_HASH)  # same cost as a real check
        _record_refusal(attempt, client)
        return LoginResult(False, LOGIN_FAILED)
    ok = verify_password(password, attempt.password_hash)
    with write_session() as session:
        user = session.get(User, attempt.user_id)
        # A login with a password someone else issued: its row says so, like its session's rows.
        actor = AuditActor(user.id, user.username, ok and user.must_change_password)
        if not ok or not user.active:
            detail = _note_failed_attempt(session, user, attempt, settings, utcnow(), client)
            record(session, actor=actor, action="login", outcome="failed", detail=detail)
            return LoginResult(False, LOGIN_FAILED)
        forget_pair(session, user.id, client)
        if temporary_password_expired(user, settings, utcnow()):
            # The right password: say why it no longer works (it cannot be guessed from this).
            user.failed_logins = 0
            session.add(user)
            record(
                session,
                actor=actor,
                action="login",
                outcome="refused",
                detail=with_client("temporary password expired", client),
            )
            hours = settings.temp_password_hours
            return LoginResult(False, TEMPORARY_PASSWORD_EXPIRED.format(hours=hours))
        user.failed_logins = 0
        user.locked_until = None
        user.lockouts = 0
        session.add(user)
        record(session, actor=actor, action="login", detail=with_client("", client))
        return LoginResult(True, "", user.id, user.username, session_kind(user.roles))


@dataclass(frozen=True)
class _Attempt:
    user_id: int | None
    username: str | None
    password_hash: str
    count: int = 0
    refusal: str | None = None  # why the password is not even checked
    pair_count: int | None = None  # this client's count on the account (a known client only)


def _count_attempt(name: str, settings: Settings, now: datetime, client: str | None) -> _Attempt:
    """Step 1: find the account and count this attempt before anything else (one short write)."""
    with write_session() as session:
        user = session.exec(select(User).where(User.username == name)).first()
        if user is None or not user.active:
            return _Attempt(None, None, DUMMY_HASH, refusal="unknown or inactive account")
        # This client's own allowance first: a paused pair does not count on the account, so a
        # guesser who keeps trying from one place cannot push the account into a pause.
        pair_count, refusal = count_client(session, user.id, client, settings, now)
        if refusal is not None:
            return _Attempt(user.id, user.username, DUMMY_HASH, refusal=refusal)
        # The lock is checked in the same statement that counts, so that on PostgreSQL an attempt
        # that waited for another one's row lock sees the lockout that one just set.
        count = session.execute(
            update(User)
            .where(User.id == user.id)
            .where(or_(User.locked_until.is_(None), User.locked_until <= now))
            .values(failed_logins=User.failed_logins + 1)
            .returning(User.failed_logins)
        ).scalar_one_or_none()
        if count is None:
            return _Attempt(user.id, user.username, DUMMY_HASH, refusal="account locked")
        if count > account_threshold(settings, client):
            # Guesses already in flight used up the allowance: lock now, check nothing.
            lock_account(user, settings, now)
            session.add(user)
            return _Attempt(user.id, user.username, DUMMY_HASH, count, "too many attempts")
        return _Attempt(user.id, user.username, user.password_hash, count, pair_count=pair_count)


def _record_refusal(attempt: _Attempt, client: str | None) -> None:
    detail = with_client(attempt.refusal or "", client)
    with write_session() as session:
        if attempt.user_id is None:
            record(session, actor=None, action="login", outcome="failed", detail=detail)
            return
        actor = AuditActor(attempt.user_id, attempt.username)
        record(session, actor=actor, action="login", outcome="refused", detail=detail)


def _note_failed_attempt(
    session: Session,
    user: User,
    attempt: _Attempt,
    settings: Settings,
    now: datetime,
    client: str | None,
) -> str:
    """Step 3 of a failed login: the attempt is already counted; pause the pair (a known client)
    or the account when it was the last one allowed."""
    detail = "wrong password" + note_client_failure(
        session, user.id, client, attempt.pair_count, settings, now
    )
    if attempt.count >= account_threshold(settings, client) and not is_locked(user, now):
        lock_account(user, settings, now)
        session.add(user)
        detail += "; account locked"
    return with_client(detail, client)


def password_words(*about_the_person: str | None) -> list[str]:
    """What a new password must not be built from: the person's own words and the clinic's name."""
    with read_session() as session:
        clinic = session.get(Clinic, 1)
    return [w for w in (*about_the_person, clinic.name if clinic else None) if w]


def temporary_password_expired(user: User, settings: Settings, now: datetime) -> bool:
    """An admin-issued password not replaced within TEMP_PASSWORD_HOURS no longer logs in."""
    limit = timedelta(hours=settings.temp_password_hours)
    return user.must_change_password and now - user.password_changed_at > limit


def lock_account(user: User, settings: Settings, now: datetime) -> None:
    """Pause ``user`` (in the caller's transaction) for the next, longer lockout."""
    user.locked_until = now + lockout_length(user.lockouts, settings)
    user.lockouts += 1
    user.failed_logins = 0


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def note_wrong_password(session: Session, user: User, settings: Settings, now: datetime) -> str:
    """Count a wrong password (login or password change); lock the account at the threshold."""
    user.failed_logins += 1
    detail = "wrong password"
    if user.failed_logins >= settings.lockout_threshold:
        lock_account(user, settings, now)
        detail = "wrong password; account locked"
    session.add(user)
    return detail


def session_limits(kind: str, settings: Settings) -> tuple[timedelta, timedelta]:
    """(absolute lifetime, idle limit) for a kind of session."""
    if kind == "staff":
        return timedelta(hours=settings.staff_absolute_hours), timedelta(
            minutes=settings.staff_idle_minutes
        )
    return timedelta(days=settings.patient_remember_days), timedelta(
        days=settings.patient_idle_days
    )


def cookie_lifetime_days(kind: str, settings: Settings) -> float:
    lifetime, _ = session_limits(kind, settings)
    return lifetime.total_seconds() / 86400


def open_session(*, user_id: int, kind: str, sid: str, settings: Settings) -> int:
    """Record a new server-side session for a successful login; returns its id.

    ``sid`` is the random session id the cookie carries; only its SHA-256 is stored. A login with
    a temporary password (issued by an admin or a coordinator, not yet replaced) marks the session:
    every audit row written in it says so, even after the new password is chosen.
    """
    lifetime, _ = session_limits(kind, settings)
    now = utcnow()
    with write_session() as session:
        user = session.get(User, user_id)
        row = LoginSession(
            user_id=user_id,
            sid_sha256=hash_session_id(sid),
            kind=kind,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            began_with_temporary_password=bool(user and user.must_change_password),
        )
        session.add(row)
        session.flush()
        return row.id


def _problem(
    row: LoginSession | None, user: User | None, now: datetime, settings: Settings
) -> str | None:
    if row is None or user is None:
        return "unknown"
    if row.revoked_at is not None:
        # A session ended for being idle or too old keeps saying so (the user sees why).
        if row.revoked_reason in ("idle", "expired"):
            return row.revoked_reason
        return "password changed" if row.revoked_reason in PASSWORD_REVOCATIONS else "revoked"
    if not user.active:
        return "user disabled"
    if now >= row.expires_at:
        return "expired"
    _, idle = session_limits(row.kind, settings)
    if now - row.last_seen_at > idle:
        return "idle"
    return None


@dataclass(frozen=True)
class SessionCheck:
    actor: Actor | None
    session_id: int | None
    reason: str | None = None  # why the session is not valid
    must_change_password: bool = False


def check_session(
    *,
    settings: Settings,
    session_id: int | None = None,
    sid: str | None = None,
    touch: bool = True,
) -> SessionCheck:
    """Validate a session by its row id, or by the session id of a signed cookie.

    ``touch=False`` is for the timer on an open page: it checks without counting as activity, so
    a page left open still reaches the idle limit.
    """
    now = utcnow()
    if session_id is None and sid is None:
        return SessionCheck(None, None, "none")
    # Most runs only read: the write lock is taken only to touch last-seen (at most every
    # TOUCH_EVERY) or to end an idle or expired session.
    with read_session() as session:
        row, user = _load_session(session, session_id, sid)
        problem = _problem(row, user, now, settings)
        ending = problem in ("idle", "expired") and row is not None and row.revoked_at is None
        touching = problem is None and touch and now - row.last_seen_at > TOUCH_EVERY
        if not (ending or touching):
            if problem is not None:
                return SessionCheck(None, row.id if row else None, problem)
            return SessionCheck(_actor(session, row, user), row.id, None, user.must_change_password)
    with write_session() as session:
        row, user = _load_session(session, session_id, sid)
        problem = _problem(row, user, now, settings)
        if problem is not None:
            if row is not None and row.revoked_at is None and problem in ("idle", "expired"):
                row.revoked_at, row.revoked_reason = now, problem
                session.add(row)
                record(
                    session,
                    actor=_session_actor(row, user),
                    action="session_end",
                    detail=problem,
                )
            return SessionCheck(None, row.id if row else None, problem)
        if touch and now - row.last_seen_at > TOUCH_EVERY:
            row.last_seen_at = now
            session.add(row)
        return SessionCheck(_actor(session, row, user), row.id, None, user.must_change_password)


def _actor(session: Session, row: LoginSession, user: User) -> Actor:
    return actor_from_user(session, user, temporary_session=row.began_with_temporary_password)


def _session_actor(row: LoginSession, user: User) -> AuditActor:
    """Whom a session's own audit rows (logout, idle end) are about, with its mark."""
    return AuditActor(user.id, user.username, row.began_with_temporary_password)


def _load_session(
    session: Session, session_id: int | None, sid: str | None
) -> tuple[LoginSession | None, User | None]:
    if session_id is not None:
        row = session.get(LoginSession, session_id)
    else:
        row = session.exec(
            select(LoginSession).where(LoginSession.sid_sha256 == hash_session_id(sid))
        ).first()
    return row, (session.get(User, row.user_id) if row else None)


def end_session(*, session_id: int, reason: str = "logout") -> None:
    """Revoke one session (logout); its cookie will no longer log anyone in."""
    with write_session() as session:
        row = session.get(LoginSession, session_id)
        if row is None or row.revoked_at is not None:
            return
        row.revoked_at, row.revoked_reason = utcnow(), reason
        session.add(row)
        user = session.get(User, row.user_id)
        record(session, actor=_session_actor(row, user), action=reason)


def revoke_user_sessions(
    session: Session, user_id: int, reason: str, keep: int | None = None
) -> int:
    """Revoke every live session of a user inside the caller's transaction; returns how many."""
    rows = session.exec(
        select(LoginSession).where(
            LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None)
        )
    ).all()
    now = utcnow()
    count = 0
    for row in rows:
        if row.id == keep:
            continue
        row.revoked_at, row.revoked_reason = now, reason
        session.add(row)
        count += 1
    return count
