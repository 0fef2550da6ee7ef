"""Shared fixtures: a real database per test, copied from a template migrated once.

Tests under tests/db run twice, on SQLite and on PostgreSQL (ids ``[sqlite]``/``[postgresql]``):
``db``/``demo_db`` depend on ``db_engine``, which ``pytest_generate_tests`` parametrizes there
(elsewhere it is ``sqlite`` unless a test says ``@pytest.mark.engines("postgresql", ...)``). On
PostgreSQL each test gets ``CREATE DATABASE ... TEMPLATE`` of a migrated (or seeded) database on a
throwaway server started once per run (tests/utils/postgres.py); without one the PostgreSQL half
is skipped, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

# Before any project import: test mode and cheap (but real) bcrypt hashes.
os.environ["RECALIBRATE_ENV"] = "test"
# Never the developer's .streamlit/secrets.toml (make run writes demo keys there): as in CI.
os.environ["RECALIBRATE_SECRETS_FILE"] = os.devnull
os.environ.setdefault("BCRYPT_ROUNDS", "4")
os.environ.pop("DATABASE_URL", None)

import pytest  # noqa: E402
import time_machine  # noqa: E402

from db.engine import engine_for  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from tests.utils.postgres import (  # noqa: E402
    PostgresServer,
    PostgresUnavailable,
    create_database,
    drop_database,
    start_server,
)

# A fixed moment for tests that need a stable "now": Wednesday 2026-03-18 15:00 UTC.
FROZEN_NOW = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)


ENGINES = ("sqlite", "postgresql")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_engine" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("engines")
    if marker is not None:
        engines = marker.args
    elif metafunc.module.__name__.startswith("tests.db."):
        engines = ENGINES
    else:
        return
    metafunc.parametrize("db_engine", engines, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep together, under ``make test``'s pytest-xdist (``-n auto --dist loadgroup``), what must
    share one process; everything else is spread over the workers one test at a time.

    - A browser module's tests run on one worker, in file order: some share a server of the
      module's own (test_check_in_phone's first test needs the demo patient not yet checked in,
      test_deep_links needs a server nobody has visited) and a worker's browser tests share its
      Chromium and demo server (one of each per worker).
    - The ``slow`` 8-process load tests (SQLite and PostgreSQL) one after the other, should they
      run under -n (``make test`` runs them after the parallel part, alone, ``-m slow``).
    Without ``-n`` the marker does nothing: ``pytest tests/some_file.py`` runs as before.
    """
    for item in items:
        module = item.module.__name__ if item.module is not None else ""
        if module.startswith("tests.browser."):
            item.add_marker(pytest.mark.xdist_group(module))
        elif item.get_closest_marker("slow") is not None:
            item.add_marker(pytest.mark.xdist_group("slow"))


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    """Which engine this test's ``db``/``demo_db`` is on: ``sqlite`` unless parametrized."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the whole run (required under CI=true)."""
    try:
        server = start_server()
    except PostgresUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required when CI=true: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL half skipped: {exc} (`make postgres` installs it)")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server: PostgresServer) -> str:
    """URL of the throwaway server's ``postgres`` database (create your own with create_database)."""
    return pg_server.url()


@pytest.fixture(scope="session")
def pg_migrated_template(pg_url: str) -> str:
    """Name of a database on the test server at the newest migration (a template: never used)."""
    url = create_database(pg_url, name="template_migrated")
    upgrade(url)
    engine_for(url).dispose()
    return "template_migrated"


@pytest.fixture(scope="session")
def pg_demo_template(pg_url: str, pg_migrated_template: str) -> str:
    """Name of a database on the test server holding the demo data as seeded at FROZEN_NOW."""
    url = create_database(pg_url, template=pg_migrated_template, name="template_demo")
    _seed_demo(url)
    return "template_demo"


def _seed_demo(url: str) -> None:
    from db.engine import write_session
    from db.seed import seed_demo

    old = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        with write_session() as session:
            seed_demo(session, now=FROZEN_NOW)
    finally:
        os.environ.pop("DATABASE_URL") if old is None else os.environ.__setitem__(
            "DATABASE_URL", old
        )
    engine_for(url).dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade(sqlite_url(path))
    engine_for(sqlite_url(path)).dispose()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """The demo data as seeded at FROZEN_NOW."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(migrated_template, path)
    _seed_demo(sqlite_url(path))
    return path


def _use(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    path = tmp_path / "test.db"
    shutil.copy(template, path)
    url = sqlite_url(path)
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    engine_for(url).dispose()


def _use_pg(template: str, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = create_database(pg_url, template=template)
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    engine_for(url).dispose()
    drop_database(url)


def _database(
    kind: str, db_engine: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch
) -> Iterator[str]:
    if db_engine == "postgresql":
        template = request.getfixturevalue(f"pg_{kind}_template")
        yield from _use_pg(template, request.getfixturevalue("pg_url"), monkeypatch)
    else:
        yield from _use(request.getfixturevalue(f"{kind}_template"), tmp_path, monkeypatch)


@pytest.fixture
def db(
    db_engine: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty, migrated database of this test's own (on ``db_engine``); yields its URL."""
    yield from _database("migrated", db_engine, request, tmp_path, monkeypatch)


@pytest.fixture
def demo_db(
    db_engine: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The demo data (seeded at FROZEN_NOW) in a database of this test's own."""
    yield from _database("demo", db_engine, request, tmp_path, monkeypatch)


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    """Time stands still at FROZEN_NOW (and can be moved with .move_to / .shift)."""
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller
