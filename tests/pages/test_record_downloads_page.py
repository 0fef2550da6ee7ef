"""Records that leave the app, on the screens: the clinician's plan page offers the visit summary
and the FHIR bundle; the patient's Progress page offers their own summary to share."""

from __future__ import annotations

import io
import json

from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader
from sqlmodel import func, select

from db.engine import read_session
from db.models import AuditEvent, Patient
from pages.care.plan_records import fhir_file, staff_visit_summary_file
from pages.patient.progress_share import my_summary_file
from program.visit_summary_wording import SHARE_BUTTON
from tests.utils import actor_for


def record(number: str) -> int:
    with read_session() as session:
        return session.exec(select(Patient.id).where(Patient.record_number == number)).one()


def downloads(at) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def audit_count(action: str) -> int:
    with read_session() as session:
        return session.exec(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == action)
        ).one()


def test_it_offers_the_clinician_the_visit_summary_and_the_fhir_bundle(app_as):
    at = app_as("demo-clinician")
    at.query_params["patient"] = str(record("DEMO-0002"))
    at.switch_page("pages/care/plan.py").run()
    assert not at.exception
    assert downloads(at) == ["Visit summary (PDF)", "Health record for another system (FHIR JSON)"]
    assert audit_count("visit_summary_for_staff") == 0  # nothing is made until downloaded
    clinician = actor_for("demo-clinician")
    shown = pdf_text(staff_visit_summary_file(clinician, record("DEMO-0002")))
    assert "Maria Santos" in shown and "(moderate)" in shown
    Bundle.model_validate(json.loads(fhir_file(clinician, record("DEMO-0002"))))
    assert audit_count("visit_summary_for_staff") == 1 and audit_count("fhir_export_for_staff") == 1


def test_it_offers_the_patient_their_own_summary_on_progress_without_staff_content(app_as):
    at = app_as("demo-patient")
    at.switch_page("pages/patient/progress.py").run()
    assert not at.exception and downloads(at) == [SHARE_BUTTON]
    shown = pdf_text(my_summary_file(actor_for("demo-patient")))
    assert "Alex Rivera" in shown and "Walk to the park with my daughter" in shown
    assert "Open flags" not in shown and "30%" not in shown
