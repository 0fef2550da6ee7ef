"""The plan page's records: the visit summary (PDF) and the FHIR bundle for one patient."""

from __future__ import annotations

import streamlit as st

from db.access import Actor


def record_downloads(actor: Actor, patient_id: int) -> None:
    st.caption("Coming in this branch: the visit summary and the FHIR export.")
