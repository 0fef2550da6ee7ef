"""The patient detail's practice record: breathing and mindfulness minutes and the latest
sessions."""

from __future__ import annotations

import streamlit as st

from db.queries import PatientDetail
from program.practice_wording import PRACTICE_NAMES


def practice(d: PatientDetail) -> None:
    st.subheader("Practice")
    record = d.practice
    if not record.recent:
        st.caption("No breathing or mindfulness sessions yet.")
        return
    m = record.minutes
    st.markdown(
        f"{m.this_week_minutes} minutes this week · {m.total_minutes} minutes "
        f"in {m.sessions} sessions in all"
    )
    for s in record.recent:
        pace = f" at {s.breaths_per_minute} breaths a minute" if s.breaths_per_minute else ""
        stopped = "" if s.completed else ", stopped early"
        name = PRACTICE_NAMES.get(s.kind, s.kind)
        st.markdown(f"**{s.local_date:%b %d}**: {name}, {s.minutes} min{pace}{stopped}")
