"""Goals after onboarding: the patient adds, rewords, marks achieved and archives their own."""

from datetime import date

import pytest
from sqlmodel import select

from db.access import NotFound
from db.actions import InvalidInput, edit_goal, save_goals
from db.engine import read_session
from db.models import AuditEvent, Goal
from db.queries import progress_for_patient
from tests.utils import actor_for, make_patient


@pytest.fixture
def ana(db, frozen):
    make_patient("Ana", username="ana", start=date(2026, 3, 2))
    make_patient("Ben", username="ben", start=date(2026, 3, 2))
    actor = actor_for("ana")
    save_goals(actor=actor, goals=["Walk the dog", "Sleep through the night"])
    return actor


def goal_id(actor, text: str) -> int:
    with read_session() as session:
        return session.exec(
            select(Goal.id).where(Goal.patient_id == actor.patient_id, Goal.text == text)
        ).one()


def shown(actor) -> list[tuple[str, bool]]:
    return [(g.text, g.achieved) for g in progress_for_patient(actor=actor).goals]


def test_it_adds_rewords_achieves_and_archives_a_goal_and_progress_shows_it(ana):
    edit_goal(actor=ana, change="add", text="  Play with my   grandkids ")
    edit_goal(
        actor=ana, change="reword", goal_id=goal_id(ana, "Walk the dog"), text="Walk the dog daily"
    )
    edit_goal(actor=ana, change="achieved", goal_id=goal_id(ana, "Sleep through the night"))
    assert shown(ana) == [
        ("Walk the dog daily", False),
        ("Sleep through the night", True),
        ("Play with my grandkids", False),
    ]
    archived = goal_id(ana, "Play with my grandkids")
    edit_goal(actor=ana, change="archive", goal_id=archived)
    assert [text for text, _ in shown(ana)] == ["Walk the dog daily", "Sleep through the night"]
    with read_session() as session:
        assert session.get(Goal, archived).archived  # kept in the record, never deleted
        changes = session.exec(
            select(AuditEvent.detail).where(AuditEvent.action == "edit_goal")
        ).all()
    assert [c.split()[0] for c in changes] == ["add", "reword", "achieved", "archive"]


def test_it_can_take_back_an_achieved_mark(ana):
    sleep = goal_id(ana, "Sleep through the night")
    edit_goal(actor=ana, change="achieved", goal_id=sleep)
    edit_goal(actor=ana, change="not_achieved", goal_id=sleep)
    assert ("Sleep through the night", False) in shown(ana)


@pytest.mark.parametrize(
    "text,message",
    [("   ", "write your goal"), ("x" * 301, "under 300"), ("Walk the dog", "already have")],
)
def test_it_refuses_a_blank_long_or_repeated_goal_with_a_clear_message(ana, text, message):
    with pytest.raises(InvalidInput, match=message):
        edit_goal(actor=ana, change="add", text=text)
    assert len(shown(ana)) == 2


def test_it_keeps_to_three_goals(ana):
    edit_goal(actor=ana, change="add", text="Cook dinner")
    with pytest.raises(InvalidInput, match="up to 3 goals"):
        edit_goal(actor=ana, change="add", text="Garden again")
    assert len(shown(ana)) == 3


def test_it_hides_another_patients_goal(ana):
    ben = actor_for("ben")
    save_goals(actor=ben, goals=["Swim"])
    with pytest.raises(NotFound):
        edit_goal(actor=ana, change="reword", goal_id=goal_id(ben, "Swim"), text="Mine now")
    assert shown(ben) == [("Swim", False)]
