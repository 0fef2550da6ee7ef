"""Password policy and hashing (OWASP ASVS V6: length over composition, no common passwords)."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets

import bcrypt
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 64
MIN_ZXCVBN_SCORE = 3
# Lowercase letters and digits without look-alikes (0/o, 1/l/i), easy to read out over the phone.
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# 12 in production; tests lower it (never below bcrypt's minimum of 4) to stay fast.
ROUNDS = max(4, min(15, int(os.environ.get("BCRYPT_ROUNDS", "12"))))


def _prehash(password: str) -> bytes:
    # bcrypt reads at most 72 bytes (bcrypt 5 raises beyond that) and 64 non-ASCII characters can
    # exceed it, so every password is first reduced to a fixed 44-byte SHA-256 digest.
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str) -> str:
    """A bcrypt hash of the password, safe for any accepted length."""
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=ROUNDS)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    """True when ``password`` matches ``password_hash``; False for any malformed input."""
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode())
    except ValueError:
        return False


# Checked against when the username is unknown, so a wrong username costs the same time as a
# wrong password and timing does not reveal which accounts exist.
DUMMY_HASH = hash_password("recalibrate-dummy-password-for-timing")


def password_problems(password: str, *, user_inputs: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Plain reasons a new password is not accepted; an empty list means it is fine."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if problems:
        return problems
    result = zxcvbn(password, user_inputs=[u for u in user_inputs if u])
    if result["score"] < MIN_ZXCVBN_SCORE:
        problems.append(
            "This password is too easy to guess. Try a few unrelated words together, "
            "like a short phrase only you would think of."
        )
    return problems


def temporary_password() -> str:
    """A random temporary password: four groups of four characters (about 79 bits)."""
    while True:
        groups = ("".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4))
        candidate = "-".join(groups)
        if not password_problems(candidate):
            return candidate
