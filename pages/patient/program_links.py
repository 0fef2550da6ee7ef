"""Links to the patient's own program settings (pause, daily reminder), for Today and Account.

Drawn only where the pages are registered for this login: staff see nothing (no role check here).
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from program import pause_wording, reminder_wording

# Tap targets of at least 44 px on a phone: page links, buttons and radio options in the page
# (the menu's own chips keep their size).
TAP_TARGETS = """<style>
a[data-testid="stPageLink-NavLink"]:not(.st-key-app-menu a) { min-height: 48px; align-items: center; }
.stButton button, .stFormSubmitButton button, .stDownloadButton button { min-height: 48px; }
div[role="radiogroup"] label { min-height: 44px; align-items: center; }
div[data-baseweb="input"] { min-height: 48px; }
</style>"""


def tap_targets() -> None:
    st.html(TAP_TARGETS)


def program_links(*, paused: bool = False, can_pause: bool = True) -> None:
    """The links "Pause my program" (or "Change or end the pause"; left out before week 1, when
    there is nothing to pause yet) and "A reminder each day"."""
    pause_label = pause_wording.LINK_PAUSED if paused else pause_wording.LINK
    tap_targets()
    links = [("pages/patient/reminders.py", reminder_wording.PAGE_TITLE, ":material/alarm:")]
    if can_pause or paused:
        links.insert(0, ("pages/patient/pause.py", pause_label, ":material/pause_circle:"))
    for page, label, icon in links:
        try:
            st.page_link(page, label=label, icon=icon)
        except StreamlitAPIException:  # not a page of this login (staff, or not registered)
            return
