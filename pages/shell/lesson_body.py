"""A lesson's text as patients see it: the one renderer Learn and the editor's preview share."""

from __future__ import annotations

import re

import streamlit as st

from program.lesson_markdown import safe_lesson_markdown


def show_lesson_body(body: str) -> None:
    """Draw a lesson's Markdown the way Learn draws it on a patient's phone."""
    # Lesson sections (##) would render as large as the page title on a phone: show them smaller.
    # Clinicians edit lessons: no raw HTML, no image or link from outside the app (program/).
    st.markdown(re.sub(r"(?m)^#{1,3} ", "## ", safe_lesson_markdown(body)))
