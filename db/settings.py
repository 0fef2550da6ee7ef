"""Settings read once from the environment, validated loudly at start-up."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("demo", "production", "test")
PLACEHOLDER_KEYS = {"", "changeme", "change-me", "secret", "some_key", "replace-me"}
MIN_KEY_BYTES = 32


class SettingsError(RuntimeError):
    """The environment is not one the app may start with."""


@dataclass(frozen=True)
class Settings:
    mode: str
    database_url: str
    cookie_key: str
    cookie_name: str
    staff_idle_minutes: int
    staff_absolute_hours: int
    patient_remember_days: int
    patient_idle_days: int
    lockout_threshold: int
    lockout_minutes: int

    @property
    def demo(self) -> bool:
        return self.mode == "demo"


def _secrets_file_value(name: str) -> str | None:
    path = ROOT / ".streamlit" / "secrets.toml"
    if not path.exists():
        return None
    try:
        return tomllib.loads(path.read_text()).get(name)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from exc


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def default_database_url() -> str:
    return f"sqlite:///{ROOT / 'data' / 'recalibrate.db'}"


def cookie_key_problem(key: str) -> str | None:
    """Why ``key`` is too weak to sign session cookies in production, or None."""
    if key.strip().lower() in PLACEHOLDER_KEYS:
        return "COOKIE_KEY is missing or a placeholder"
    if len(key.encode()) < MIN_KEY_BYTES:
        return f"COOKIE_KEY must hold at least {MIN_KEY_BYTES} random bytes"
    if len(set(key)) < 12:
        return "COOKIE_KEY repeats too few characters to be random"
    return None


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build Settings from ``env`` (default: os.environ); raise SettingsError when unsafe."""
    env = dict(os.environ if env is None else env)
    mode = env.get("RECALIBRATE_ENV", "production").strip().lower()
    if mode not in MODES:
        raise SettingsError(f"RECALIBRATE_ENV must be one of {', '.join(MODES)}, got {mode!r}")
    key = env.get("COOKIE_KEY") or _secrets_file_value("cookie_key") or ""
    if mode == "production":
        problem = cookie_key_problem(key)
        if problem:
            raise SettingsError(
                problem
                + " (generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
    elif not key:
        key = "test-only-cookie-key-not-for-production-use-000000"
    url = env.get("DATABASE_URL") or default_database_url()
    if not url.startswith(("sqlite:", "postgresql")):
        raise SettingsError("DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL")
    return Settings(
        mode=mode,
        database_url=url,
        cookie_key=key,
        cookie_name=env.get("COOKIE_NAME", "recalibrate_session"),
        staff_idle_minutes=_int(env, "STAFF_IDLE_MINUTES", 15, 1, 240),
        staff_absolute_hours=_int(env, "STAFF_ABSOLUTE_HOURS", 12, 1, 24),
        patient_remember_days=_int(env, "PATIENT_REMEMBER_DAYS", 30, 1, 90),
        patient_idle_days=_int(env, "PATIENT_IDLE_DAYS", 14, 1, 90),
        lockout_threshold=_int(env, "LOCKOUT_THRESHOLD", 5, 3, 20),
        lockout_minutes=_int(env, "LOCKOUT_MINUTES", 15, 1, 1440),
    )
