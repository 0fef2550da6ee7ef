"""The fresh-server browser test (tests/browser/test_deep_links.py) tries every url path a logged
out visitor could use to reach a screen: each of app.py's url paths, each file stem under pages/
and each screen name pages/ ever had at the top level (those ran without app.py's login gate)."""

import shutil
import subprocess  # nosec B404: git, with fixed arguments, to read the repository's own history

import pytest

from tests.browser.conftest import REPO_ROOT
from tests.browser.test_deep_links import OLD_TOP_LEVEL, deep_links


def test_it_tries_every_registered_url_path_and_every_page_file_stem():
    links = set(deep_links())
    source = (REPO_ROOT / "pages" / "shell" / "page_table.py").read_text()
    registered = {"today", "learn", "progress", "welcome", "questions", "help", "panel", "flags"}
    registered |= {"plan", "users", "patient-logins", "sessions", "audit-log", "clinic-settings"}
    registered |= {"my-account", "outbox"}
    assert all(f'"{path}"' in source for path in registered)  # still the page table's url paths
    assert registered <= links
    stems = {p.stem for p in (REPO_ROOT / "pages").rglob("*.py")}
    assert stems <= links, stems - links


def test_it_tries_every_screen_name_pages_ever_had_at_the_top_level():
    git = shutil.which("git")
    if git is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("no git history to read the old screen names from")
    names = subprocess.run(  # nosec B603: fixed arguments
        [git, "log", "--all", "--format=", "--name-only", "--", "pages/*.py"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    top_level = {n.removeprefix("pages/").removesuffix(".py") for n in names if n.count("/") == 1}
    top_level.discard("__init__")
    if not top_level:
        pytest.skip("a shallow clone: no history of pages/")
    assert top_level <= set(OLD_TOP_LEVEL), top_level - set(OLD_TOP_LEVEL)
