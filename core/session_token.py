"""The re-login cookie: a random session id, signed, that the server looks up by its hash.

streamlit-authenticator 0.4.2 signs only ``{username, exp_date}``, so its cookie says who, not
which login. Ours carries a random session id (``secrets.token_urlsafe(32)``: 256 bits) that is
stored only as a SHA-256 hash in ``LoginSession``: a copy of the database cannot be turned into a
cookie, and a cookie names exactly one session, which logout or a password change ends.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import jwt

ALGORITHM = "HS256"
SID_BYTES = 32  # 256 bits of randomness; the brief asks for at least 128
MAX_TOKEN_CHARS = 1000  # a signed token of ours is ~180 characters; anything far longer is junk


def new_session_id() -> str:
    return secrets.token_urlsafe(SID_BYTES)


def hash_session_id(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def sign(sid: str, expires_at: datetime, key: str) -> str:
    """The cookie value: a HS256 token holding the session id and its expiry."""
    return jwt.encode({"sid": sid, "exp": int(expires_at.timestamp())}, key, algorithm=ALGORITHM)


def read(token: object, key: str) -> str | None:
    """The session id of a cookie we signed and that has not expired; None for anything else.

    Only HS256 with our key is accepted (``alg: none``, HS512, another key, garbage: all None),
    and nothing here raises, so a bad cookie can only ever lead back to the login form.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["sid", "exp"]})
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None
    sid = claims.get("sid") if isinstance(claims, dict) else None
    if not isinstance(sid, str) or not 16 <= len(sid) <= 100:
        return None
    return sid
