"""Records that leave the app, for one patient: the care team's visit summary (PDF) and, for
their clinician, the FHIR bundle. Each file is made when it is downloaded, and every download is
audited (the staff queries are called without a view token: one audit row per file)."""

from __future__ import annotations

import streamlit as st

from core.clock import utcnow
from db.access import Actor
from db.queries import fhir_export_for_staff, visit_summary_for_staff
from export.fhir import fhir_bundle_json
from export.visit_summary import visit_summary_pdf


def staff_visit_summary_file(actor: Actor, patient_id: int) -> bytes:
    """The care team's visit summary of one patient, as PDF bytes (audited)."""
    return visit_summary_pdf(visit_summary_for_staff(actor=actor, patient_id=patient_id))


def fhir_file(actor: Actor, patient_id: int) -> bytes:
    """One patient's record as a FHIR R4B Bundle, JSON bytes (audited)."""
    return fhir_bundle_json(fhir_export_for_staff(actor=actor, patient_id=patient_id))


def visit_summary_download(actor: Actor, patient_id: int) -> None:
    """The visit summary button (the plan page; the patient detail after merge)."""
    st.download_button(
        "Visit summary (PDF)",
        data=lambda: staff_visit_summary_file(actor, patient_id),
        file_name=f"visit-summary-{utcnow():%Y-%m-%d}.pdf",  # no name in a file name
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        width="stretch",
        key=f"visit-summary-{patient_id}",
    )


def fhir_download(actor: Actor, patient_id: int) -> None:
    st.download_button(
        "Health record for another system (FHIR JSON)",
        data=lambda: fhir_file(actor, patient_id),
        file_name=f"record-{utcnow():%Y-%m-%d}.fhir.json",
        mime="application/fhir+json",
        icon=":material/download:",
        width="stretch",
        key=f"fhir-{patient_id}",
    )


def record_downloads(actor: Actor, patient_id: int) -> None:
    st.caption(
        "The visit summary holds open flags, medicines notes and score bands: for the care team. "
        "The patient can download their own version, without those, from their Progress page."
    )
    visit_summary_download(actor, patient_id)
    fhir_download(actor, patient_id)
    st.caption("Files are made when you download them; each download is recorded in the audit log.")
