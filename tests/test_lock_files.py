"""Installs come from lock files with hashes (make venv: pip --require-hashes): every package the
project names in requirements*.txt is in the lock at the same version, and every locked package,
dependencies too, has its hashes. After editing requirements*.txt, run `make lock`."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]+\])?==([^\s;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """``name: version`` for every ``name==version`` line (``-r`` and comments skipped)."""
    found = {}
    for line in path.read_text().splitlines():
        if match := PIN.match(line.strip()):
            found.setdefault(canonical(match.group(1)), match.group(3))
    return found


def locked(path: Path) -> dict[str, str]:
    """``name: version`` for each locked package; every entry must carry at least one hash."""
    text = path.read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
    found = {}
    for entry in entries:
        if entry.startswith(("#", "-")):
            continue
        match = PIN.match(entry)
        assert match, f"{path.name}: not a pinned entry: {entry[:80]!r}"
        assert "--hash=sha256:" in entry, f"{path.name}: {match.group(1)} has no hash"
        found.setdefault(canonical(match.group(1)), match.group(3))
    return found


@pytest.mark.parametrize(
    ("wanted", "lock"),
    [
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
        ("requirements.txt", "requirements-dev.lock"),
    ],
)
def test_it_locks_every_named_package_at_its_pinned_version_with_hashes(wanted, lock):
    named, have = pins(ROOT / wanted), locked(ROOT / lock)
    assert named, wanted
    wrong = {n: (v, have.get(n)) for n, v in named.items() if have.get(n) != v}
    assert not wrong, f"{lock} is stale (run `make lock`): {wrong}"


def test_it_locks_the_postgres_driver_with_its_binary_wheels():
    have = locked(ROOT / "requirements.lock")
    assert have["psycopg"] == have["psycopg-binary"] == pins(ROOT / "requirements.txt")["psycopg"]


def test_it_locks_the_same_runtime_versions_for_development():
    runtime, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert {n: dev.get(n) for n in runtime} == runtime


def test_it_installs_only_from_the_lock_files_with_hashes_checked():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line.strip() for line in makefile.splitlines() if "$(PIP) install" in line]
    from_files = [line for line in installs if " -r " in line]
    assert from_files == [
        "$(PIP) install -q --disable-pip-version-check --require-hashes -r requirements.lock",
        "$(PIP) install -q --disable-pip-version-check --require-hashes -r requirements-dev.lock",
    ]
