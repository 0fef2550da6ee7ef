"""Many logins at once: no "database is locked", and no more guesses than the lockout allows.

The login used to hold the database's write lock while bcrypt ran (~250 ms at cost 12), so 40
logins at once queued for ~10 s behind it and SQLite's 5 s busy timeout turned about half of them
into errors. The password is checked here with a real bcrypt cost (10, ~60 ms; the suite runs at
4) and, on SQLite, a second writer probes that no write lock is held while it runs.
"""

from __future__ import annotations

import sqlite3
import threading

import bcrypt
import pytest
from sqlalchemy import update

from core.passwords import DUMMY_HASH, _prehash
from core.settings import load_settings
from db import auth as auth_module
from db.auth import authenticate
from db.engine import get_engine, write_session
from db.models import User
from tests.utils import PASSWORD, make_user

SETTINGS = load_settings({"RECALIBRATE_ENV": "test"})
LOGINS = 40
REAL_COST = 10  # passed at 12 (production) too: 40 logins, no error


def at_once(work, count: int = LOGINS) -> tuple[list, list[Exception]]:
    """Run ``work(n)`` in ``count`` threads released together; their results and errors."""
    results: list = []
    errors: list[Exception] = []
    start = threading.Barrier(count)

    def run(n: int) -> None:
        start.wait()
        try:
            results.append(work(n))
        except Exception as exc:  # noqa: BLE001 - the test is about which errors happen
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def slow_hash_users(*usernames: str) -> None:
    slow = bcrypt.hashpw(_prehash(PASSWORD), bcrypt.gensalt(rounds=REAL_COST)).decode()
    for username in usernames:
        make_user(username, ["coordinator"])
    with write_session() as session:
        session.execute(update(User).values(password_hash=slow))


@pytest.fixture
def real_checks(monkeypatch) -> list[str]:
    """Every password check against a real (non-dummy) hash, in order."""
    checks: list[str] = []
    real = auth_module.verify_password

    def counting(password: str, password_hash: str) -> bool:
        if password_hash != DUMMY_HASH:
            checks.append(password)
        return real(password, password_hash)

    monkeypatch.setattr(auth_module, "verify_password", counting)
    return checks


def test_it_logs_forty_people_in_at_once_without_a_database_error(db):
    names = [f"nurse{n}" for n in range(LOGINS)]
    slow_hash_users(*names)
    results, errors = at_once(
        lambda n: authenticate(username=names[n], password=PASSWORD, settings=SETTINGS)
    )
    assert errors == []
    assert len(results) == LOGINS and all(r.ok for r in results)


def test_it_checks_no_more_than_the_allowed_guesses_when_forty_arrive_at_once(db, real_checks):
    slow_hash_users("nurse")
    results, errors = at_once(
        lambda n: authenticate(username="nurse", password=f"guess {n}", settings=SETTINGS)
    )
    assert errors == []
    assert not any(r.ok for r in results)
    assert len(real_checks) <= SETTINGS.lockout_threshold
    # and the account is now paused: even the right password does not get in
    assert not authenticate(username="nurse", password=PASSWORD, settings=SETTINGS).ok


def test_it_checks_the_password_while_no_write_lock_is_held(db, db_engine, monkeypatch):
    if db_engine != "sqlite":
        pytest.skip("SQLite's single write lock is what bcrypt used to hold")
    make_user("nurse", ["coordinator"])
    path = get_engine().url.database
    probes: list[str] = []
    real = auth_module.verify_password

    def probing(password: str, password_hash: str) -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another writer, unwilling to wait at all
            other.execute("ROLLBACK")
            probes.append("free")
        except sqlite3.OperationalError as exc:
            probes.append(str(exc))
        finally:
            other.close()
        return real(password, password_hash)

    monkeypatch.setattr(auth_module, "verify_password", probing)
    assert authenticate(username="nurse", password=PASSWORD, settings=SETTINGS).ok
    assert not authenticate(username="nurse", password="a wrong one", settings=SETTINGS).ok
    assert not authenticate(username="nobody", password="whatever", settings=SETTINGS).ok
    assert probes == ["free", "free", "free"]
