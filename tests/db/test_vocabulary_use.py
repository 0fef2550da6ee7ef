"""The vocabulary in use: every role the app checks is a Role; every text limit is the model's."""

from datetime import date

import pytest

from db.access import POLICY, SELF
from db.actions import InvalidInput, change_plan
from db.models import PlanEvent, max_length
from pages.shell.page_table import PAGES
from program.vocabulary import Role
from tests.utils import actor_for, make_patient, make_user


def test_it_names_only_known_roles_in_the_policy_and_the_pages():
    for name, need in POLICY.items():
        assert need <= {*Role, SELF}, name
    for path, *_, roles in PAGES:
        assert roles and roles <= set(Role), path


def test_it_reads_text_limits_from_the_models():
    assert max_length(PlanEvent, "reason") == 500
    with pytest.raises(ValueError):
        max_length(PlanEvent, "effective_date")


def test_it_takes_a_plan_reason_up_to_the_models_limit(db, frozen):
    clinician = make_user("clin", ["clinician"])
    patient = make_patient("Ana", start=date(2026, 3, 2), clinician=clinician)
    actor = actor_for("clin")
    limit = max_length(PlanEvent, "reason")
    with pytest.raises(InvalidInput, match=f"under {limit} characters"):
        change_plan(actor=actor, patient_id=patient.id, kind="pause", reason="x" * (limit + 1))
    event = change_plan(actor=actor, patient_id=patient.id, kind="pause", reason="x" * limit)
    assert event.kind == "pause" and len(event.reason) == limit
