"""The app refuses to start with unsafe settings: a plain message, and no login form to use."""

import os

import pytest

from tests.pages.conftest import fresh_app, texts


@pytest.mark.parametrize("key", ["secret", "changeme-changeme-changeme-changeme", ""])
def test_it_refuses_to_start_in_production_with_a_weak_cookie_key(db, monkeypatch, key):
    monkeypatch.setenv("RECALIBRATE_ENV", "production")
    monkeypatch.setenv("COOKIE_KEY", key)
    monkeypatch.chdir("/")  # no .streamlit/secrets.toml to fall back on
    at = fresh_app().run()
    assert not at.exception
    assert "not configured safely and will not start" in texts(at)
    assert list(at.text_input) == [] and list(at.button) == []  # no login form


def test_it_starts_in_production_with_a_strong_cookie_key(db, monkeypatch):
    monkeypatch.setenv("RECALIBRATE_ENV", "production")
    monkeypatch.setenv("COOKIE_KEY", "kP3v9-Qx7TzL2mWc8RfYh4Nd6JsBa1Ue5GoXi0VyKqHtZr")
    at = fresh_app().run()
    assert not at.exception
    assert "not configured safely" not in texts(at)
    assert [t.label for t in at.text_input][:2] == ["Username", "Password"]


def test_it_makes_every_file_the_app_creates_private_to_its_user(db):
    loose = os.umask(0o022)
    try:
        fresh_app().run()
    finally:
        seen = os.umask(loose)
    assert seen == 0o077
