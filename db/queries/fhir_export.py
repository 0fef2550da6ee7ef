"""One patient's record for another system, as the FHIR export's view (export/fhir.py renders it):
a staff read by the patient's clinician, audited each time it is made."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, require_patient
from db.engine import read_session
from db.models import CheckIn, Patient, QuestionnaireResponse
from db.queries import query
from db.read_audit import StaffRead
from export.fhir import FhirExport, FhirPain, FhirPatient, FhirResponse


@query("fhir_export_for_staff", audit=StaffRead(lambda view: "FHIR bundle export"))
def fhir_export_for_staff(
    *, actor: Actor, patient_id: int, now: datetime | None = None
) -> FhirExport:
    """Everything the FHIR bundle holds for one of the clinician's patients."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "fhir_export_for_staff", patient_id, now.date())
        patient = session.get(Patient, patient_id)
        responses = session.exec(
            select(QuestionnaireResponse)
            .where(QuestionnaireResponse.patient_id == patient_id)
            .order_by(QuestionnaireResponse.taken_at, QuestionnaireResponse.id)
        ).all()
        pains = session.exec(
            select(CheckIn.id, CheckIn.local_date, CheckIn.pain)
            .where(CheckIn.patient_id == patient_id)
            .order_by(CheckIn.local_date)
        ).all()
        return FhirExport(
            patient=FhirPatient(
                id=patient.id,
                given_name=patient.given_name,
                family_name=patient.family_name,
                date_of_birth=patient.date_of_birth,
                record_number=patient.record_number,
                phone=patient.phone,
                email=patient.email,
            ),
            responses=tuple(
                FhirResponse(r.id, r.instrument, dict(r.answers), r.total, r.local_date, r.taken_at)
                for r in responses
            ),
            pains=tuple(FhirPain(i, day, pain) for i, day, pain in pains),
            generated_at=now,
        )
