"""One patient as a FHIR Bundle (JSON): a view in, bytes out (pure, no database, no Streamlit).

The Bundle (type ``collection``) holds the Patient, one QuestionnaireResponse per questionnaire
taken, and Observations with the LOINC codes of CLINICAL.md: the PEG panel (91148-7) with its
score (91147-9) and items, the PHQ-9 total (44261-6) and item 9 (44260-8), the GAD-7 total
(70274-6) and each day's pain (72514-3). It is checked against the ``fhir.resources`` R4B models
before it is returned: R4B (FHIR 4.3) is the nearest to R4 that the package ships.

References between entries are ``urn:uuid:`` full URLs, stable for the same record (UUID 5 of
the row ids), so a receiving system can tell a resource it already has from a new one.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from program.measures import INSTRUMENTS

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
RECORD_SYSTEM = "urn:recalibrate:record-number"
NAMESPACE = uuid.UUID("6f1c1d0e-8a53-4b8e-9a57-7b1f3e2d9c41")  # Recalibrate's own

# The questionnaire each response answers (LOINC panels; the CSI has no LOINC code in CLINICAL.md).
QUESTIONNAIRES = {
    "PEG": f"{LOINC}/q/91148-7",
    "PHQ9": f"{LOINC}/q/44249-1",
    "GAD7": f"{LOINC}/q/69737-5",
    "CSI": "urn:recalibrate:questionnaire:csi-part-a",
}
# Answer codes of the PHQ and GAD items (0-3).
FREQUENCY_ANSWERS = (
    ("LA6568-5", "Not at all"),
    ("LA6569-3", "Several days"),
    ("LA6570-1", "More than half the days"),
    ("LA6571-9", "Nearly every day"),
)
PEG_PANEL = ("91148-7", "Pain, Enjoyment of life and General activity (PEG) 3-item pain scale")
PEG_SCORE = ("91147-9", "PEG 3-item pain scale score")
PEG_ITEMS = {  # CLINICAL.md marks the enjoyment and activity codes "verify"
    "1": ("75893-8", "Pain severity 0-10 average in the past week"),
    "2": ("91145-3", "Pain interference with enjoyment of life in the past week"),
    "3": ("91146-1", "Pain interference with general activity in the past week"),
}
TOTALS = {
    "PHQ9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score"),
    "GAD7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score"),
}
PHQ9_ITEM9 = (
    "44260-8",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
)
PAIN = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")


@dataclass(frozen=True)
class FhirPatient:
    id: int
    given_name: str
    family_name: str
    date_of_birth: date
    record_number: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class FhirResponse:
    id: int
    instrument: str  # QuestionnaireCode
    answers: Mapping[str, int]
    total: float
    local_date: date
    taken_at: datetime


@dataclass(frozen=True)
class FhirPain:
    id: int
    local_date: date
    pain: int


@dataclass(frozen=True)
class FhirExport:
    patient: FhirPatient
    responses: tuple[FhirResponse, ...]
    pains: tuple[FhirPain, ...]
    generated_at: datetime


def _urn(kind: str, key: object) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{key}')}"


def _coding(code: tuple[str, str]) -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": code[0], "display": code[1]}], "text": code[1]}


def _score(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"}


def _patient(p: FhirPatient) -> dict[str, Any]:
    telecom = [{"system": "phone", "value": p.phone}] if p.phone else []
    telecom += [{"system": "email", "value": p.email}] if p.email else []
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": RECORD_SYSTEM, "value": p.record_number}],
        "name": [{"family": p.family_name, "given": [p.given_name]}],
        "birthDate": p.date_of_birth.isoformat(),
    }
    return resource | ({"telecom": telecom} if telecom else {})


def _answer(instrument: str, value: int) -> dict[str, Any]:
    if instrument in ("PHQ9", "GAD7") and 0 <= value < len(FREQUENCY_ANSWERS):
        code, display = FREQUENCY_ANSWERS[value]
        return {"valueCoding": {"system": LOINC, "code": code, "display": display}}
    return {"valueInteger": value}


def _response(r: FhirResponse, subject: str) -> dict[str, Any]:
    items = {item.key: item.text for item in INSTRUMENTS[r.instrument].items}
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": QUESTIONNAIRES[r.instrument],
        "status": "completed",
        "subject": {"reference": subject},
        "authored": r.taken_at.isoformat(),
        "item": [
            {"linkId": key, "text": items[key], "answer": [_answer(r.instrument, int(value))]}
            for key, value in sorted(r.answers.items(), key=lambda kv: int(kv[0]))
            if key in items
        ],
    }


def _observation(code: tuple[str, str], subject: str, day: date, **value: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": _coding(code),
        "subject": {"reference": subject},
        "effectiveDateTime": day.isoformat(),
    } | value


def _response_observations(r: FhirResponse, subject: str, qr: str) -> list[tuple[str, dict]]:
    derived = {"derivedFrom": [{"reference": qr}]}
    if r.instrument == "PEG":
        score_url = _urn("peg-score", r.id)
        score = _observation(PEG_SCORE, subject, r.local_date, valueQuantity=_score(r.total))
        panel = _observation(
            PEG_PANEL,
            subject,
            r.local_date,
            hasMember=[{"reference": score_url}],
            component=[
                {"code": _coding(PEG_ITEMS[k]), "valueInteger": int(v)}
                for k, v in sorted(r.answers.items())
                if k in PEG_ITEMS
            ],
        )
        return [(score_url, score | derived), (_urn("peg-panel", r.id), panel | derived)]
    found = []
    if r.instrument in TOTALS:
        total = _observation(
            TOTALS[r.instrument], subject, r.local_date, valueQuantity=_score(r.total)
        )
        found.append((_urn(f"{r.instrument}-total", r.id), total | derived))
    if r.instrument == "PHQ9" and "9" in r.answers:
        code, display = FREQUENCY_ANSWERS[int(r.answers["9"])]
        item9 = _observation(
            PHQ9_ITEM9,
            subject,
            r.local_date,
            valueCodeableConcept={"coding": [{"system": LOINC, "code": code, "display": display}]},
        )
        found.append((_urn("phq9-item9", r.id), item9 | derived))
    return found


def fhir_bundle(view: FhirExport) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict, checked against the R4B models (ValueError if not valid)."""
    subject = _urn("patient", view.patient.id)
    entries: list[tuple[str, dict[str, Any]]] = [(subject, _patient(view.patient))]
    for r in view.responses:
        qr = _urn("questionnaire-response", r.id)
        entries.append((qr, _response(r, subject)))
        entries += _response_observations(r, subject, qr)
    for p in view.pains:
        pain = _observation(PAIN, subject, p.local_date, valueQuantity=_score(p.pain))
        entries.append((_urn("pain", p.id), pain))
    bundle = {
        "resourceType": "Bundle",
        "identifier": {
            "system": "urn:ietf:rfc:3986",
            "value": _urn("export", f"{view.patient.id}/{view.generated_at.isoformat()}"),
        },
        "type": "collection",
        "timestamp": view.generated_at.isoformat(),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    # Imported here: loading the R4B models takes about a second, which every app start would pay.
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)  # raises a pydantic ValidationError (a ValueError) if not R4B
    return bundle


def fhir_bundle_json(view: FhirExport) -> bytes:
    """The Bundle as UTF-8 JSON bytes (``application/fhir+json``)."""
    return json.dumps(fhir_bundle(view), ensure_ascii=False, indent=1).encode("utf-8")
