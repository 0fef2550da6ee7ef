"""The keys that seal the audit chain (HMAC-SHA256), read from settings, never from the database.

``AUDIT_KEY`` (or ``audit_key`` in .streamlit/secrets.toml) seals new rows; ``AUDIT_KEYS_OLD``
(``id:key,id:key``) keeps retired keys for verifying the rows they sealed. Production refuses a
missing, short, placeholder or low-entropy key; demo and test fall back to a fixed test key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache

from core.settings import PLACEHOLDER_KEYS, SettingsError, _secrets_file_value, cookie_key_problem

# Keys published in this repository or its documentation: never a production key.
TEST_AUDIT_KEY = "test-only-audit-key-not-for-production-use-0000000"
KNOWN_KEYS = {
    TEST_AUDIT_KEY,
    "test-only-cookie-key-not-for-production-use-000000",
    "abcdefghijklmnopqrstuvwxyz0123456789",
}


@dataclass(frozen=True)
class AuditKeys:
    current_id: str
    keys: dict[str, bytes] = field(repr=False)

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def key_id(key: str) -> str:
    """A short public name for ``key`` (stored on each row it seals; reveals nothing of it)."""
    return "k" + hashlib.sha256(b"recalibrate audit key id\x1f" + key.encode()).hexdigest()[:11]


def audit_key_problem(key: str) -> str | None:
    """Why ``key`` is too weak to seal the audit chain in production, or None."""
    if key.strip().lower() in PLACEHOLDER_KEYS:
        return "AUDIT_KEY is missing or a placeholder"
    if key in KNOWN_KEYS:
        return "AUDIT_KEY is a published test key"
    problem = cookie_key_problem(key)
    return problem.replace("COOKIE_KEY", "AUDIT_KEY") if problem else None


def _old_keys(raw: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        kid, sep, key = item.partition(":")
        if not sep or not kid or not key:
            raise SettingsError("AUDIT_KEYS_OLD must look like id:key,id:key")
        keys[kid] = key.encode()
    return keys


def load_audit_keys(env: dict[str, str] | None = None) -> AuditKeys:
    """The sealing key and the old keys; raise SettingsError for a weak key in production."""
    env = dict(os.environ if env is None else env)
    mode = env.get("RECALIBRATE_ENV", "production").strip().lower()
    key = env.get("AUDIT_KEY") or _secrets_file_value("audit_key") or ""
    if mode == "production":
        problem = audit_key_problem(key)
        if problem:
            raise SettingsError(
                problem
                + " (generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
    elif not key:
        key = TEST_AUDIT_KEY
    keys = _old_keys(env.get("AUDIT_KEYS_OLD", ""))
    keys[key_id(key)] = key.encode()
    return AuditKeys(current_id=key_id(key), keys=keys)


@cache
def audit_keys() -> AuditKeys:
    """The process's keys, read once (tests call ``audit_keys.cache_clear()`` after changing)."""
    return load_audit_keys()
