"""The FHIR export from the store: every questionnaire and check-in of the patient in a Bundle the
R4B models accept; made for the patient's clinician only, and audited each time."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlmodel import func, select

from db.access import NotFound
from db.engine import read_session
from db.models import AuditEvent, CheckIn, Patient, QuestionnaireResponse
from db.queries import fhir_export_for_staff
from export.fhir import fhir_bundle_json
from tests.utils import actor_for


def maria() -> Patient:
    with read_session() as session:
        return session.exec(select(Patient).where(Patient.record_number == "DEMO-0002")).one()


def count(model, patient_id: int) -> int:
    with read_session() as session:
        return session.exec(
            select(func.count(model.id)).where(model.patient_id == patient_id)
        ).one()


def test_it_exports_every_questionnaire_and_daily_pain_of_the_demo_patient_as_r4b(demo_db, frozen):
    patient = maria()
    data = json.loads(
        fhir_bundle_json(
            fhir_export_for_staff(actor=actor_for("demo-clinician"), patient_id=patient.id)
        )
    )
    bundle = Bundle.model_validate(data)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("QuestionnaireResponse") == count(QuestionnaireResponse, patient.id) > 0
    pains = [
        e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "72514-3"
    ]
    assert len(pains) == count(CheckIn, patient.id)
    assert {o["status"] for o in pains} == {"final"}


def exports() -> list[tuple[str, int | None]]:
    with read_session() as session:
        return list(
            session.exec(
                select(AuditEvent.outcome, AuditEvent.patient_id).where(
                    AuditEvent.action == "fhir_export_for_staff"
                )
            )
        )


def test_it_audits_each_export_made(care_team):
    ana = actor_for("ana").patient_id
    fhir_export_for_staff(actor=actor_for("clin"), patient_id=ana)
    fhir_export_for_staff(actor=actor_for("clin"), patient_id=ana)
    assert exports() == [("ok", ana), ("ok", ana)]


@pytest.mark.parametrize("who", ["coord", "outsider-clin", "ana"])
def test_it_exports_for_the_patients_own_clinician_only(care_team, who):
    ana = actor_for("ana").patient_id
    with pytest.raises(NotFound):  # never telling whether the record exists
        fhir_export_for_staff(actor=actor_for(who), patient_id=ana)
    assert exports() == [("refused", ana)]
