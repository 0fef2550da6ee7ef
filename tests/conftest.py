"""Shared fixtures: a real SQLite file per test, copied from a template migrated once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

# Before any project import: test mode and cheap (but real) bcrypt hashes.
os.environ["RECALIBRATE_ENV"] = "test"
os.environ.setdefault("BCRYPT_ROUNDS", "4")
os.environ.pop("DATABASE_URL", None)

import pytest  # noqa: E402
import time_machine  # noqa: E402

from db.engine import engine_for  # noqa: E402
from db.migrate import upgrade  # noqa: E402

# A fixed moment for tests that need a stable "now": Wednesday 2026-03-18 15:00 UTC.
FROZEN_NOW = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade(sqlite_url(path))
    engine_for(sqlite_url(path)).dispose()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """The demo data as seeded at FROZEN_NOW."""
    from db.engine import write_session
    from db.seed import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(migrated_template, path)
    old = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = sqlite_url(path)
    try:
        with write_session() as session:
            seed_demo(session, now=FROZEN_NOW)
    finally:
        os.environ.pop("DATABASE_URL") if old is None else os.environ.__setitem__(
            "DATABASE_URL", old
        )
    engine_for(sqlite_url(path)).dispose()
    return path


def _use(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    path = tmp_path / "test.db"
    shutil.copy(template, path)
    url = sqlite_url(path)
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    engine_for(url).dispose()


@pytest.fixture
def db(migrated_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty, migrated database file for this test; yields its URL."""
    yield from _use(migrated_template, tmp_path, monkeypatch)


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The demo data (seeded at FROZEN_NOW) in a file of this test's own."""
    yield from _use(demo_template, tmp_path, monkeypatch)


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    """Time stands still at FROZEN_NOW (and can be moved with .move_to / .shift)."""
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller
