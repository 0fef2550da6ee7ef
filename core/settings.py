"""Settings read once from the environment, validated loudly at start-up."""

from __future__ import annotations

import contextlib
import ipaddress
import math
import os
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from program.defaults import SESSION_DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
MODES = ("demo", "production", "test")
PLACEHOLDER_KEYS = {"", "changeme", "change-me", "secret", "some_key", "replace-me"}
MIN_KEY_BYTES = 32
MIN_DISTINCT_CHARS = 12
# Shannon bits per character: secrets.token_urlsafe(48) gives ~5.5 and never under 4.4; a 64-digit
# hex key (openssl rand -hex 32) ~3.75 and, in 2,000 draws, never under 3.5; "aabbaabb..." ~1.
MIN_BITS_PER_CHAR = 3.0
TEST_COOKIE_KEY = "test-only-cookie-key-not-for-production-use-000000"
SMTP_SECURITY = ("starttls", "ssl", "none")
EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingsError(RuntimeError):
    """The environment is not one the app may start with."""


@dataclass(frozen=True)
class Settings:
    mode: str
    database_url: str
    cookie_key: str = field(repr=False)
    cookie_name: str
    staff_idle_minutes: int
    staff_absolute_hours: int
    patient_remember_days: int
    patient_idle_days: int
    lockout_threshold: int
    lockout_minutes: int
    temp_password_hours: int = SESSION_DEFAULTS.temp_password_hours
    lockout_max_minutes: int = SESSION_DEFAULTS.lockout_max_minutes
    # With a known client address: the whole account pauses only after this many failures.
    lockout_account_threshold: int = SESSION_DEFAULTS.lockout_account_threshold
    # The reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); empty: none, and
    # the client's address is unknown (core/client_address.py).
    trusted_proxies: tuple[IPNetwork, ...] = ()
    # How long a request for a second admin's approval stays open.
    approval_hours: int = SESSION_DEFAULTS.approval_hours
    # How often an open staff page re-checks its session (idle logoff with nobody clicking).
    session_check_seconds: int = 60
    # Password reset by e-mail; all optional. Without SMTP_HOST the login page says to call.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls | ssl | none
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str | None = None
    app_base_url: str | None = None
    reset_token_minutes: int = 30
    # Whether staff opening a view starts the hourly cohort run of the rules (db/rule_runs.py).
    # APP_RUNS_RULES=0 turns it off (cron and the mail worker still run it); off in test mode, so
    # a page test's data does not change under it.
    app_runs_rules: bool = True

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def email_resets(self) -> bool:
        """Whether "Forgot password?" can send a reset link."""
        return self.smtp_host is not None


def _secrets_file_value(name: str) -> str | None:
    # RECALIBRATE_SECRETS_FILE points elsewhere: the test suite points it at nothing, so that a
    # developer's own demo keys (written by `make run`) never change what the tests see.
    path = Path(os.environ.get("RECALIBRATE_SECRETS_FILE") or ROOT / ".streamlit" / "secrets.toml")
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


def database_url(env: dict[str, str] | None = None) -> str:
    """DATABASE_URL (default: a SQLite file under data/): the one reading of it.

    ``load_settings`` fills ``Settings.database_url`` from here, and the engine and migrations use
    it too, so that they cannot disagree; it needs no cookie key, so ``python -m db.migrate`` runs
    before the app is configured.
    """
    env = os.environ if env is None else env
    url = env.get("DATABASE_URL") or default_database_url()
    if not url.startswith(("sqlite:", "postgresql")):
        raise SettingsError("DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL")
    return url


def _known_keys() -> set[str]:
    """Keys published with the app: in its tests, its docs and its example secrets file."""
    keys = {TEST_COOKIE_KEY, "abcdefghijklmnopqrstuvwxyz0123456789", *PLACEHOLDER_KEYS}
    example = ROOT / ".streamlit" / "secrets.toml.example"
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError):
        keys.add(str(tomllib.loads(example.read_text()).get("cookie_key", "")))
    return {k.strip().lower() for k in keys}


def shannon_bits_per_char(text: str) -> float:
    """The Shannon entropy of the characters of ``text`` (0 for a single repeated character)."""
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _mostly_runs(key: str) -> bool:
    """True when most neighbouring characters step by one (abcd..., 0123..., zyx...)."""
    steps = [abs(ord(b) - ord(a)) == 1 for a, b in zip(key, key[1:], strict=False)]
    return bool(steps) and sum(steps) / len(steps) > 0.5


def key_problems(key: str) -> list[str]:
    """Why ``key`` is too weak to sign or seal anything in production; empty when it is fine.

    For every secret key of the app (the cookie key, the audit key): refuses placeholders and
    keys published with the app, short keys, and keys whose characters are too predictable.
    """
    if key.strip().lower() in _known_keys():
        return ["is missing, a placeholder, or a key published with the app"]
    problems = []
    if len(key.encode()) < MIN_KEY_BYTES:
        problems.append(f"must hold at least {MIN_KEY_BYTES} random bytes")
    if len(set(key)) < MIN_DISTINCT_CHARS:
        problems.append("repeats too few characters to be random")
    elif shannon_bits_per_char(key) < MIN_BITS_PER_CHAR:
        problems.append(f"is too predictable (under {MIN_BITS_PER_CHAR} bits per character)")
    if _mostly_runs(key):
        problems.append("is mostly a run of neighbouring characters (like abcd or 1234)")
    return problems


def cookie_key_problem(key: str) -> str | None:
    """Why ``key`` is too weak to sign session cookies in production, or None."""
    problems = key_problems(key)
    return "COOKIE_KEY " + "; ".join(problems) if problems else None


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
        key = TEST_COOKIE_KEY
    url = database_url(env)
    smtp = _smtp_settings(env, mode)
    d = SESSION_DEFAULTS
    lockout_threshold = _int(env, "LOCKOUT_THRESHOLD", d.lockout_threshold, 3, 20)
    return Settings(
        mode=mode,
        database_url=url,
        cookie_key=key,
        cookie_name=env.get("COOKIE_NAME", "recalibrate_session"),
        # Defaults from program.defaults; the environment may override each within its bounds.
        staff_idle_minutes=_int(env, "STAFF_IDLE_MINUTES", d.staff_idle_minutes, 1, 240),
        staff_absolute_hours=_int(env, "STAFF_ABSOLUTE_HOURS", d.staff_absolute_hours, 1, 24),
        patient_remember_days=_int(env, "PATIENT_REMEMBER_DAYS", d.patient_remember_days, 1, 90),
        patient_idle_days=_int(env, "PATIENT_IDLE_DAYS", d.patient_idle_days, 1, 90),
        lockout_threshold=lockout_threshold,
        lockout_account_threshold=_account_threshold(env, lockout_threshold),
        trusted_proxies=trusted_proxies(env.get("TRUSTED_PROXIES", "")),
        approval_hours=_int(env, "APPROVAL_HOURS", d.approval_hours, 1, 336),
        lockout_minutes=_int(env, "LOCKOUT_MINUTES", d.lockout_minutes, 1, 1440),
        lockout_max_minutes=_int(env, "LOCKOUT_MAX_MINUTES", d.lockout_max_minutes, 1, 10080),
        temp_password_hours=_int(env, "TEMP_PASSWORD_HOURS", d.temp_password_hours, 1, 168),
        session_check_seconds=_int(env, "SESSION_CHECK_SECONDS", 60, 5, 600),
        reset_token_minutes=_int(env, "RESET_TOKEN_MINUTES", 30, 5, 1440),
        app_runs_rules=bool(_int(env, "APP_RUNS_RULES", 0 if mode == "test" else 1, 0, 1)),
        **smtp,
    )


def _account_threshold(env: dict[str, str], per_client: int) -> int:
    """LOCKOUT_ACCOUNT_THRESHOLD: never below the per-client threshold it sits above."""
    value = _int(
        env, "LOCKOUT_ACCOUNT_THRESHOLD", SESSION_DEFAULTS.lockout_account_threshold, 3, 200
    )
    if value < per_client:
        raise SettingsError(
            f"LOCKOUT_ACCOUNT_THRESHOLD ({value}) must be at least LOCKOUT_THRESHOLD ({per_client})"
        )
    return value


def trusted_proxies(raw: str) -> tuple[IPNetwork, ...]:
    """TRUSTED_PROXIES: proxy addresses or networks (``127.0.0.1, 10.0.0.0/8``), validated.

    Only these may tell the app who the client is (X-Forwarded-For). A network that holds every
    address (``*``, ``0.0.0.0/0``, ``::/0``) would let any client forge the header, so it is refused.
    """
    networks: list[IPNetwork] = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        try:
            network = ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise SettingsError(
                f"TRUSTED_PROXIES: {item[:60]!r} is not an IP address or network like 10.0.0.0/8"
            ) from exc
        if network.prefixlen == 0:
            raise SettingsError(
                f"TRUSTED_PROXIES: {item!r} trusts every address, so any client could forge its own"
            )
        networks.append(network)
    return tuple(networks)


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _smtp_settings(env: dict[str, str], mode: str) -> dict[str, object]:
    """SMTP_* and APP_BASE_URL: all unset, or a complete, safe set."""
    host = (env.get("SMTP_HOST") or "").strip() or None
    if host is None:
        return {}
    security = (env.get("SMTP_SECURITY") or "starttls").strip().lower()
    if security not in SMTP_SECURITY:
        raise SettingsError(f"SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}")
    port = _int(env, "SMTP_PORT", 465 if security == "ssl" else 587, 1, 65535)
    user = env.get("SMTP_USER") or None
    password = env.get("SMTP_PASSWORD") or None
    if (user is None) != (password is None):
        raise SettingsError("SMTP_USER and SMTP_PASSWORD must be set together")
    if security == "none" and (
        password is not None or (mode == "production" and not _is_loopback(host))
    ):
        raise SettingsError(
            "SMTP_SECURITY=none is only allowed for a relay on this machine and without a password"
        )
    sender = (env.get("SMTP_FROM") or "").strip()
    if not EMAIL_RE.match(sender):
        raise SettingsError("SMTP_FROM must be the e-mail address reset links are sent from")
    base = (env.get("APP_BASE_URL") or "").strip().rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError("APP_BASE_URL must be the app's address, like https://app.example.org")
    if mode == "production" and parts.scheme != "https":
        raise SettingsError("APP_BASE_URL must start with https:// in production")
    return {
        "smtp_host": host,
        "smtp_port": port,
        "smtp_security": security,
        "smtp_user": user,
        "smtp_password": password,
        "smtp_from": sender,
        "app_base_url": base,
    }
