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
# Published in the README for demo mode: never a real password.
DEMO_PASSWORD = "recalibrate-demo"
# Words anyone guessing a password here would try first (the clinic's name is added by callers).
APP_WORDS = ("recalibrate",)
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


def password_problems(
    password: str, *, user_inputs: list[str] | tuple[str, ...] = (), demo: bool = False
) -> list[str]:
    """Plain reasons a new password is not accepted; an empty list means it is fine.

    ``user_inputs`` are words about this person and place (username, name, the clinic's name);
    the app's own name is always among them. ``demo`` allows the published demo password.
    """
    problems: list[str] = []
    if password != password.strip():
        problems.append("Please take out the spaces at the start or end of the password.")
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if problems:
        return problems
    if password == DEMO_PASSWORD and not demo:
        return ["That is the demo password, which anyone can read. Please choose your own."]
    words = [*APP_WORDS, *(w for u in user_inputs if u for w in _words(u))]
    result = zxcvbn(password, user_inputs=words)
    if result["score"] < MIN_ZXCVBN_SCORE:
        problems.append(
            "This password is too easy to guess. Try a few unrelated words together, "
            "like a short phrase only you would think of. Leave out your name and the names "
            "of the app and the clinic."
        )
    return problems


def _words(text: str) -> list[str]:
    """``text`` itself and each word of it (a clinic called "Northside Pain Clinic")."""
    parts = [p for p in text.lower().replace("-", " ").replace("_", " ").split() if len(p) >= 3]
    return [text.lower(), *parts]


def temporary_password() -> str:
    """A random temporary password: four groups of four characters (about 79 bits)."""
    while True:
        groups = ("".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4))
        candidate = "-".join(groups)
        if not password_problems(candidate):
            return candidate
