"""The keyed audit chain: someone who can write to the database but lacks the key is caught.

Every test runs on SQLite and on PostgreSQL (the ``db`` fixture).
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlmodel import select

from core.audit_keys import TEST_AUDIT_KEY, audit_key_problem, audit_keys, key_id, load_audit_keys
from core.settings import SettingsError
from db.audit import _event_parts, main, plain_digest, record, verify
from db.engine import get_engine, read_session, write_session
from db.models import AuditChainHead, AuditEvent

NEW_KEY = "Zq8v3Lr0pT6mWc1xYb9nHs4kJf7dGa2eUu5iOo-_RtQ"


@pytest.fixture
def trail(db):
    with write_session() as session:
        for n in range(5):
            record(session, actor=None, action="login", outcome="failed", detail=f"try {n}")
    yield
    audit_keys.cache_clear()


def problems() -> list[str]:
    with read_session() as session:
        return verify(session)


def head() -> str:
    with read_session() as session:
        h = session.get(AuditChainHead, 1)
        return f"{h.count}:{h.last_hash}"


def use_keys(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for name in ("AUDIT_KEY", "AUDIT_KEYS_OLD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    audit_keys.cache_clear()


def test_it_passes_an_honest_keyed_log(trail):
    assert problems() == []
    with read_session() as session:
        rows = session.exec(select(AuditEvent)).all()
    assert {r.key_id for r in rows} == {key_id(TEST_AUDIT_KEY)}


def test_it_fails_a_log_reattributed_and_recomputed_with_the_unkeyed_digest(trail):
    # The attack that passed before: delete a row, re-attribute another, recompute the whole chain
    # with the app's own digest, head included. Without the key only the plain digest is possible.
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM auditevent WHERE detail = 'try 2'"))
        conn.execute(
            text("UPDATE auditevent SET actor_username = 'someone' WHERE detail = 'try 3'")
        )
    with write_session() as session:
        prev = "0" * 64
        for event in session.exec(select(AuditEvent).order_by(AuditEvent.id)):
            event.prev_hash, event.key_id = prev, None
            event.hash = prev = plain_digest(_event_parts(event))
            session.add(event)
        h = session.get(AuditChainHead, 1)
        h.last_hash, h.count = prev, 5
        session.add(h)
    found = problems()
    assert "no row is sealed with a key (the chain was rewritten without it)" in found


def test_it_fails_a_log_recomputed_with_a_guessed_key(trail):
    with write_session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.detail == "try 4")).one()
        event.actor_username = "someone"
        import hashlib
        import hmac

        event.hash = hmac.new(
            b"guess", "\x1f".join([*_event_parts(event), event.key_id]).encode(), hashlib.sha256
        ).hexdigest()
        session.add(event)
        h = session.get(AuditChainHead, 1)
        h.last_hash = event.hash
        session.add(h)
    assert any("contents do not match its seal" in p for p in problems())


def test_it_fails_when_the_newest_rows_and_the_head_are_deleted(trail):
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM auditevent WHERE detail IN ('try 3', 'try 4')"))
        conn.execute(text("DELETE FROM auditchainhead"))
    assert "the chain head is missing (the newest rows may have been removed)" in problems()


def test_it_detects_truncation_with_a_head_kept_outside_the_database(trail, capsys):
    kept = head()  # what the app's log (or an operator) recorded
    assert main(["verify", "--expect-head", kept]) == 0
    # Delete the newest two rows and set the head to match the row now newest: consistent inside
    # the database, so only the head kept elsewhere can tell.
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM auditevent WHERE detail IN ('try 3', 'try 4')"))
        last = conn.execute(text("SELECT hash FROM auditevent ORDER BY id DESC LIMIT 1")).scalar()
        conn.execute(
            text("UPDATE auditchainhead SET last_hash = :h, count = count - 2"), {"h": last}
        )
    assert problems() == []
    capsys.readouterr()
    assert main(["verify", "--expect-head", kept]) == 1
    assert "the newest rows were removed" in capsys.readouterr().out
    # An older head kept elsewhere still verifies a chain that has grown since.
    with write_session() as session:
        record(session, actor=None, action="login", outcome="failed", detail="later")
    older = f"{int(kept.split(':')[0]) - 2}:{last}"
    assert main(["verify", "--expect-head", older]) == 0


def test_it_refuses_a_malformed_expected_head(trail, capsys):
    assert main(["verify", "--expect-head", "7:nothex"]) == 2


def test_it_still_verifies_rows_sealed_with_a_rotated_key(trail, monkeypatch):
    old_id = key_id(TEST_AUDIT_KEY)
    use_keys(monkeypatch, AUDIT_KEY=NEW_KEY, AUDIT_KEYS_OLD=f"{old_id}:{TEST_AUDIT_KEY}")
    with write_session() as session:
        record(session, actor=None, action="login", outcome="failed", detail="after rotation")
    with read_session() as session:
        ids = [e.key_id for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert ids[-1] == key_id(NEW_KEY) and ids[0] == old_id
    assert problems() == []
    # Without the old key, the rows it sealed cannot be checked, and verify says so.
    use_keys(monkeypatch, AUDIT_KEY=NEW_KEY)
    assert any("which is not configured" in p for p in problems())


def test_it_logs_the_chain_head_on_every_write(db, caplog):
    with caplog.at_level(logging.INFO, logger="recalibrate.audit"), write_session() as session:
        record(session, actor=None, action="login", outcome="failed")
    assert f"audit head {head()}" in caplog.text


@pytest.mark.parametrize(
    "key",
    ["", "changeme", TEST_AUDIT_KEY, "abcdefghijklmnopqrstuvwxyz0123456789", "a" * 40, "short"],
)
def test_it_refuses_a_missing_known_or_weak_audit_key_in_production(key):
    assert audit_key_problem(key) is not None
    with pytest.raises(SettingsError, match="AUDIT_KEY"):
        load_audit_keys({"RECALIBRATE_ENV": "production", "AUDIT_KEY": key})


def test_it_accepts_a_strong_audit_key_and_old_keys_for_verifying():
    keys = load_audit_keys(
        {"RECALIBRATE_ENV": "production", "AUDIT_KEY": NEW_KEY, "AUDIT_KEYS_OLD": "kold:" + "x" * 8}
    )
    assert keys.current == NEW_KEY.encode() and keys.keys["kold"] == b"x" * 8
    with pytest.raises(SettingsError, match="id:key"):
        load_audit_keys({"RECALIBRATE_ENV": "test", "AUDIT_KEYS_OLD": "no-colon"})
