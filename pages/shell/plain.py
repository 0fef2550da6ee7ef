"""Text people typed, shown as typed: never as Markdown, HTML, emoji codes or LaTeX.

``st.markdown``/``st.caption``/``st.info`` read Markdown (an image link there loads a picture from
anywhere, which can tell an outsider who opened the page). Wherever such an element has to hold
typed text, pass it through ``plain``; for whole notes prefer ``st.text``.
"""

from __future__ import annotations

import re

# The marks that make links and images, HTML, emphasis, headings, tables, Streamlit's
# :color[...] and :emoji: codes or $LaTeX$; a backslash before any of them makes it literal
# (CommonMark). Ordinary punctuation (. , - ( ) ' ") is left alone.
_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|<>~$:&])")


def plain(text: str | None) -> str:
    """``text`` escaped so that a Markdown element shows it character for character."""
    return _SPECIAL.sub(r"\\\1", text or "")
