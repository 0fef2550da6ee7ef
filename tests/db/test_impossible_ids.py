"""An id no row can have (typed into a URL, sent by a script) is "not found", never a crash.

Ids are INTEGER columns: PostgreSQL refuses 2**31 and above with a database error, which a page
would otherwise show as an apology (found by tests/db/test_bad_input.py on PostgreSQL).
"""

import pytest
from sqlmodel import func, select

from db.access import NotFound
from db.actions import InvalidInput, change_plan, end_user_sessions
from db.engine import read_session
from db.models import AuditEvent
from db.queries import plan_for_clinician
from tests.utils import actor_for

HUGE = (2**31, 2**40, 0, -5)


@pytest.mark.parametrize("patient_id", HUGE)
def test_it_answers_a_query_for_an_impossible_patient_id_with_not_found(care_team, patient_id):
    with pytest.raises(NotFound):
        plan_for_clinician(actor=actor_for("clin"), patient_id=patient_id)
    with read_session() as session:  # the refusal is audited, without the impossible id
        refused = session.exec(
            select(AuditEvent).where(AuditEvent.action == "plan_for_clinician")
        ).all()
    assert [(r.outcome, r.patient_id) for r in refused] == [("refused", None)]


@pytest.mark.parametrize("user_id", (2**31, 2**40))
def test_it_answers_an_action_on_an_impossible_user_id_without_a_database_error(care_team, user_id):
    with pytest.raises((NotFound, InvalidInput)):
        end_user_sessions(actor=actor_for("admin"), user_id=user_id)
    with pytest.raises((NotFound, InvalidInput)):
        change_plan(actor=actor_for("clin"), patient_id=user_id, kind="pause", reason="x")
    with read_session() as session:
        assert session.exec(select(func.count(AuditEvent.id))).one() > 0
