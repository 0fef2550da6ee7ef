"""Where screens live: nothing that Streamlit's old multipage mode could run without the gate."""

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"


def test_it_keeps_no_screen_at_the_top_level_of_pages():
    # Streamlit's old multipage mode scans only pages/*.py (not subfolders, not __init__.py); a
    # screen there could be opened by its file name on a server's first run, skipping app.py.
    top_level = sorted(p.name for p in PAGES_DIR.glob("*.py"))
    assert top_level == ["__init__.py"]
