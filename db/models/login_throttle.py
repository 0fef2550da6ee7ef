"""Failed logins per (client, account), where the client's address is known (TRUSTED_PROXIES).

A guesser at one address pauses only their own pair, so the real user elsewhere still logs in;
the account-wide counter on ``User`` pauses everyone only after LOCKOUT_ACCOUNT_THRESHOLD
failures from anywhere (db/login_throttle.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow


class LoginThrottle(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "client"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    # An IPv4 address, or an IPv6 /64 network (core/client_address.py).
    client: str = Field(max_length=64)
    failed_logins: int = 0
    # Pauses of this pair in a row since its last good login: each lasts twice the one before.
    lockouts: int = 0
    locked_until: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
