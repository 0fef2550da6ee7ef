"""The FHIR export (pure): a Bundle the fhir.resources R4B models accept, with the LOINC codes of
CLINICAL.md, references that resolve inside the Bundle, and coded PHQ/GAD answers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from fhir.resources.R4B.bundle import Bundle

from export.fhir import FhirExport, FhirPain, FhirPatient, FhirResponse, fhir_bundle_json

PHQ9 = {str(i): 1 for i in range(1, 9)} | {"9": 2}
VIEW = FhirExport(
    patient=FhirPatient(7, "Zoë", "Nguyễn", date(1980, 1, 1), "R-7", "555-0100", "z@example.org"),
    responses=(
        FhirResponse(
            1,
            "PEG",
            {"1": 7, "2": 6, "3": 5},
            6.0,
            date(2026, 3, 2),
            datetime(2026, 3, 2, 15, tzinfo=UTC),
        ),
        FhirResponse(2, "PHQ9", PHQ9, 10, date(2026, 3, 2), datetime(2026, 3, 2, 16, tzinfo=UTC)),
        FhirResponse(
            3,
            "GAD7",
            {str(i): 0 for i in range(1, 8)},
            0,
            date(2026, 3, 2),
            datetime(2026, 3, 2, 17, tzinfo=UTC),
        ),
        FhirResponse(
            4,
            "CSI",
            {str(i): 1 for i in range(1, 26)},
            25,
            date(2026, 3, 2),
            datetime(2026, 3, 2, 18, tzinfo=UTC),
        ),
    ),
    pains=(FhirPain(10, date(2026, 3, 3), 6), FhirPain(11, date(2026, 3, 4), 4)),
    generated_at=datetime(2026, 3, 18, 15, tzinfo=UTC),
)


def bundle() -> dict:
    return json.loads(fhir_bundle_json(VIEW))


def codes(resource: dict) -> set[str]:
    found = {c["code"] for c in resource.get("code", {}).get("coding", [])}
    for part in resource.get("component", []):
        found |= {c["code"] for c in part["code"]["coding"]}
    return found


def test_it_exports_a_bundle_the_r4b_models_accept():
    parsed = Bundle.model_validate(bundle())
    assert parsed.type == "collection"
    kinds = [e.resource.get_resource_type() for e in parsed.entry]
    assert kinds.count("Patient") == 1 and kinds.count("QuestionnaireResponse") == 4


def test_it_codes_each_observation_with_the_loinc_codes_of_clinical_md():
    observations = [
        e["resource"] for e in bundle()["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    found = set().union(*(codes(o) for o in observations))
    for code in (
        "91148-7",
        "91147-9",
        "75893-8",
        "91145-3",
        "91146-1",
        "44261-6",
        "44260-8",
        "70274-6",
        "72514-3",
    ):
        assert code in found, code
    pains = [o for o in observations if codes(o) == {"72514-3"}]
    assert [(o["effectiveDateTime"], o["valueQuantity"]["value"]) for o in pains] == [
        ("2026-03-03", 6),
        ("2026-03-04", 4),
    ]
    [peg] = [o for o in observations if codes(o) == {"91147-9"}]
    assert peg["valueQuantity"]["value"] == 6.0


def test_it_names_the_loinc_panel_each_response_answers_and_codes_phq_answers():
    responses = {
        e["resource"]["questionnaire"]: e["resource"]
        for e in bundle()["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }
    assert set(responses) >= {
        "http://loinc.org/q/91148-7",
        "http://loinc.org/q/44249-1",
        "http://loinc.org/q/69737-5",
    }
    phq = responses["http://loinc.org/q/44249-1"]
    item9 = next(i for i in phq["item"] if i["linkId"] == "9")
    assert item9["answer"] == [
        {
            "valueCoding": {
                "system": "http://loinc.org",
                "code": "LA6570-1",
                "display": "More than half the days",
            }
        }
    ]
    observations = [e["resource"] for e in bundle()["entry"] if codes(e["resource"]) == {"44260-8"}]
    assert observations[0]["valueCodeableConcept"]["coding"][0]["code"] == "LA6570-1"


def test_it_keeps_every_reference_inside_the_bundle():
    data = bundle()
    urls = {e["fullUrl"] for e in data["entry"]}
    refs = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "reference" in node:
                refs.add(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    assert refs and refs <= urls
    assert len(urls) == len(data["entry"])  # no two entries share a full URL


def test_it_gives_the_same_resource_the_same_address_in_a_later_export():
    later = FhirExport(VIEW.patient, VIEW.responses, VIEW.pains, datetime(2026, 4, 1, tzinfo=UTC))
    first = [e["fullUrl"] for e in bundle()["entry"]]
    again = [e["fullUrl"] for e in json.loads(fhir_bundle_json(later))["entry"]]
    assert first == again


def test_it_writes_the_patient_as_recorded():
    [patient] = [
        e["resource"] for e in bundle()["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert patient["name"] == [{"family": "Nguyễn", "given": ["Zoë"]}]
    assert patient["birthDate"] == "1980-01-01"
    assert patient["identifier"][0]["value"] == "R-7"
