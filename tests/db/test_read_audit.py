"""Staff reads of patient data are audited by the query registry (db/read_audit.py).

Every registered query staff may call is called here through the access matrix's example calls
(tests/db/test_access_matrix.py): one that returns patient data without writing an audit row fails.
"""

from __future__ import annotations

from secrets import token_hex

import pytest
from sqlmodel import select

import db.queries as queries
from db.access import POLICY, SELF, AccessDenied
from db.engine import read_session
from db.models import AuditEvent
from db.queries import READ_AUDIT, NoPatientData, StaffRead
from tests.db.test_access_matrix import ALLOW, CALLS, EXPECTED
from tests.utils import actor_for
from tests.utils.personas import USERNAMES, World, build_world


@pytest.fixture
def world(db, frozen) -> World:
    return build_world()


# Queries staff may call (a role besides "self"): each declares StaffRead or NoPatientData.
STAFF_QUERIES = sorted(name for name in queries.QUERIES if POLICY.get(name, frozenset()) - {SELF})


def reads(name: str) -> list[AuditEvent]:
    with read_session() as session:
        return list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.action == name, AuditEvent.outcome == "ok")
                .order_by(AuditEvent.id)
            )
        )


def test_it_declares_for_every_staff_query_whether_it_returns_patient_data():
    undeclared = [name for name in STAFF_QUERIES if name not in READ_AUDIT]
    assert not undeclared, (
        "staff queries that declare neither audit=StaffRead(...) (audited) nor "
        f"audit=NoPatientData(reason) in their @query: {undeclared}"
    )
    for name, declared in READ_AUDIT.items():
        if isinstance(declared, NoPatientData):
            assert len(declared.reason) >= 20, f"{name}: say why it holds no patient data"


@pytest.mark.parametrize("name", STAFF_QUERIES)
def test_it_writes_an_audit_row_for_every_staff_read_of_patient_data(world, name):
    persona = next(p for p, cell in EXPECTED[name].items() if cell == ALLOW)
    before = len(reads(name))
    result = CALLS[name](actor_for(USERNAMES[persona]), world)
    declared = READ_AUDIT.get(name)
    if isinstance(declared, NoPatientData):
        shown = repr(result)
        assert world.ana.record_number not in shown and world.ana.family_name not in shown, (
            f"{name} is declared NoPatientData but its answer holds Ana's record"
        )
        assert len(reads(name)) == before
        return
    assert isinstance(declared, StaffRead), f"{name} returns patient data and audits nothing"
    rows = reads(name)[before:]
    assert len(rows) == 1, f"{name} read patient data for {persona} without one audit row"
    assert rows[0].actor_username == USERNAMES[persona] and rows[0].detail.startswith("view ")
    if name == "plan_for_clinician":
        assert rows[0].patient_id == world.ana.id


def test_it_audits_a_staff_read_once_per_page_view_and_again_for_a_new_one(world):
    nurse = actor_for(USERNAMES["coordinator_on_team"])
    # Tokens are unique per page view (the process remembers them across tests too).
    first, second = f"panel-{token_hex(6)}", f"panel-{token_hex(6)}"
    for _ in range(3):  # reruns of one page view
        queries.panel_for_staff(actor=nurse, view=first)
    [row] = reads("panel_for_staff")
    assert row.detail == f"view {first}: panel of 1" and row.actor_username == nurse.username
    queries.panel_for_staff(actor=nurse, view=second)  # the page opened again
    assert len(reads("panel_for_staff")) == 2


def test_it_audits_one_patient_once_within_one_view(world):
    doc = actor_for(USERNAMES["clinician_on_team"])
    view = f"plan-{token_hex(6)}"
    queries.plan_for_clinician(actor=doc, patient_id=world.ana.id, view=view)
    queries.plan_for_clinician(actor=doc, patient_id=world.ana.id, view=view)
    assert [r.patient_id for r in reads("plan_for_clinician")] == [world.ana.id]


def test_it_refuses_a_view_token_that_is_not_one(world):
    nurse = actor_for(USERNAMES["coordinator_on_team"])
    with pytest.raises(AccessDenied):
        queries.panel_for_staff(actor=nurse, view="PHQ-9 item 9 answered 3")
    assert reads("panel_for_staff") == []


def test_it_does_not_audit_a_patient_reading_their_own_record(world):
    ana = actor_for(USERNAMES["patient_self"])
    queries.today_for_patient(actor=ana)
    queries.progress_for_patient(actor=ana)
    assert reads("today_for_patient") == reads("progress_for_patient") == []
