"""Progress: the patient's own summary to share with their doctor (a PDF made on download)."""

from __future__ import annotations

import streamlit as st

from core.clock import utcnow
from db.access import Actor
from db.queries import my_visit_summary
from export.visit_summary import visit_summary_pdf
from program import visit_summary_wording as w


def my_summary_file(actor: Actor) -> bytes:
    """The patient's "share with my doctor" summary as PDF bytes."""
    return visit_summary_pdf(my_visit_summary(actor=actor))


def share_with_my_doctor(actor: Actor) -> None:
    st.header(w.SHARE_HEADING, divider="gray")
    st.markdown(w.SHARE_TEXT)
    st.download_button(
        w.SHARE_BUTTON,
        data=lambda: my_summary_file(actor),
        file_name=f"my-recalibrate-summary-{utcnow():%Y-%m-%d}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        width="stretch",
        key="share-my-summary",
    )
