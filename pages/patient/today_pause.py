"""Today during a pause: paused until when, why, and that the check-in and help still work."""

from __future__ import annotations

import streamlit as st

from pages.patient.program_links import program_links
from pages.shell.plain import plain
from program import pause_wording as w
from program.curriculum import DayPlan


def pause_notice(plan: DayPlan) -> None:
    reason = f"\n\n{w.your_reason(plain(plan.pause_reason))}" if plan.pause_reason else ""
    st.info(
        f"**{w.paused_until(plan.pause_until)}** {w.starts_again(plan.pause_until)}{reason}"
        f"\n\n{w.TODAY_PAUSED}",
        icon=":material/pause_circle:",
    )
    program_links(paused=True)
