import secrets
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from core.settings import SettingsError, key_problems, load_settings
from db.engine import get_engine, write_session
from db.models import User


@pytest.mark.engines("sqlite")
def test_it_turns_on_wal_foreign_keys_busy_timeout_and_full_sync(db):
    with get_engine().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (
            conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        )  # outlasts a burst of writers (test_durability)
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_it_enforces_foreign_keys(db):
    with pytest.raises(IntegrityError, match="(?i)foreign key"), get_engine().begin() as conn:
        conn.execute(
            text(
                "INSERT INTO careteammember (patient_id, user_id, role, from_date) VALUES (999, 999, 'clinician', '2026-01-01')"
            )
        )


def test_it_serializes_concurrent_writers_without_lock_errors(db):
    errors = []

    def write(n):
        try:
            for i in range(25):
                with write_session() as session:
                    existing = session.exec(
                        select(User).where(User.username == f"u{n}-{i}")
                    ).first()
                    if existing is None:
                        session.add(
                            User(
                                username=f"u{n}-{i}", display_name="x", roles=[], password_hash="x"
                            )
                        )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with write_session() as session:
        assert len(session.exec(select(User)).all()) == 100


@pytest.mark.parametrize("key", ["", "changeme", "short-key", "a" * 64])
def test_it_refuses_to_start_in_production_with_a_weak_cookie_key(key, monkeypatch, tmp_path):
    monkeypatch.setattr("core.settings.ROOT", tmp_path)  # no secrets.toml to fall back on
    with pytest.raises(SettingsError, match="COOKIE_KEY"):
        load_settings({"RECALIBRATE_ENV": "production", "COOKIE_KEY": key})


def test_it_starts_in_production_with_a_strong_key_and_rejects_bad_numbers():
    strong = "Zx9" + "".join(chr(65 + i % 26) + str(i % 10) for i in range(30))
    assert (
        load_settings({"RECALIBRATE_ENV": "production", "COOKIE_KEY": strong}).mode == "production"
    )
    with pytest.raises(SettingsError, match="STAFF_IDLE_MINUTES"):
        load_settings({"RECALIBRATE_ENV": "test", "STAFF_IDLE_MINUTES": "soon"})
    with pytest.raises(SettingsError, match="RECALIBRATE_ENV"):
        load_settings({"RECALIBRATE_ENV": "staging"})


def test_it_opens_the_database_that_the_settings_name(db, tmp_path):
    other = f"sqlite:///{tmp_path / 'other.db'}"
    settings = load_settings({"RECALIBRATE_ENV": "test", "DATABASE_URL": other})
    assert str(get_engine(settings).url) == other
    assert str(get_engine().url) == load_settings().database_url == db


def test_it_refuses_a_database_url_the_settings_refuse(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://somewhere/recalibrate")
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        get_engine()


@pytest.mark.parametrize(
    "key",
    [
        "test-only-cookie-key-not-for-production-use-000000",  # the tests' own key, public
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "replace-me",  # .streamlit/secrets.toml.example
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        "abcabcabcabcabcabcdefdefdefdefdefghighighighighi",
        "x" * 40 + "Q7#mZ2@pL9!kR4",  # fourteen different characters, nearly all one
    ],
)
def test_it_refuses_published_and_predictable_keys_in_production(key, monkeypatch, tmp_path):
    monkeypatch.setattr("core.settings.ROOT", tmp_path)
    assert key_problems(key) != []
    with pytest.raises(SettingsError, match="COOKIE_KEY"):
        load_settings({"RECALIBRATE_ENV": "production", "COOKIE_KEY": key})


def test_it_accepts_generated_keys_for_every_secret():
    for _ in range(200):
        assert key_problems(secrets.token_urlsafe(48)) == []
        assert key_problems(secrets.token_hex(32)) == []
