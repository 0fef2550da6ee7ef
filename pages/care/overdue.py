"""The overdue widget: emergency and urgent flags nobody acknowledged in time, most overdue first.

One function, for the pages where the care team works through flags (the flag queue; the lead
wires it into the follow-up queue). Shows nothing when nothing is overdue.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from core.clock import utcnow
from db.access import Actor
from db.queries import overdue_flags_for_staff
from pages.shell.common import SEVERITY_BADGE, view_token
from pages.shell.plain import plain
from program.clinic_hours import clinic_time
from program.defaults import ALERT_DEFAULTS

SHOWN = 10


def _late(deadline: datetime, now: datetime) -> str:
    """``25 min``, ``3 h 05 min``, ``5 days``: how long ago the deadline passed."""
    minutes = max(0, int((now - deadline).total_seconds() // 60))
    if minutes >= 48 * 60:
        return f"{minutes // (24 * 60)} days"
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def overdue_flags(actor: Actor) -> None:
    """A red box listing the actor's patients' overdue flags (nothing when there are none)."""
    rows = overdue_flags_for_staff(actor=actor, view=view_token())
    if not rows:
        return
    now = utcnow()
    hours = f"{ALERT_DEFAULTS.escalation_working_hours:g}"
    with st.container(border=True, key="overdue-flags"):
        st.markdown(
            f":red[**:material/alarm: Overdue: {len(rows)} flag{'s' if len(rows) > 1 else ''} "
            f"not acknowledged within {hours} working hours**]"
        )
        for row in rows[:SHOWN]:
            escalated = (
                f" Escalated {clinic_time(row.escalated_at, row.timezone)}."
                if row.escalated_at
                else ""
            )
            st.markdown(
                f"{SEVERITY_BADGE.get(row.severity, row.severity)} **{plain(row.patient_name)}** · "
                f"{plain(row.rule_name)}  \n"
                f"Due {clinic_time(row.deadline, row.timezone)}, {_late(row.deadline, now)} "
                f"ago.{escalated}"
            )
        if len(rows) > SHOWN:
            st.caption(f"And {len(rows) - SHOWN} more.")
        st.caption("Acknowledging a flag takes it off this list.")
