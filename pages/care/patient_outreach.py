"""The patient detail's outreach log: every try by the care team to reach the patient, newest
first (recorded in the follow-up queue)."""

from __future__ import annotations

import streamlit as st

from db.queries import PatientDetail
from pages.care.outreach_words import OUTREACH_WORDS
from pages.shell.plain import plain
from program.clinic_hours import clinic_time

SHOWN = 20


def outreach(d: PatientDetail) -> None:
    st.subheader("Outreach")
    if not d.outreach:
        st.caption("No outreach recorded.")
        return
    for line in d.outreach[:SHOWN]:
        about = f" · {plain(line.about)}" if line.about else ""
        what = OUTREACH_WORDS.get(line.method, line.method)
        st.markdown(
            f"**{clinic_time(line.at, d.clinic_timezone)}**: {what} ({plain(line.by)}){about}"
        )
        if line.note:
            st.text(line.note)
    if len(d.outreach) > SHOWN:
        st.caption(f"{len(d.outreach) - SHOWN} older attempts not shown.")
