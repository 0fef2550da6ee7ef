"""Flags: the care team acknowledges and resolves them; anyone else is told nothing."""

import threading

import pytest
from sqlmodel import select

from db.access import NotFound
from db.actions import InvalidInput, acknowledge_flag, record_check_in, resolve_flag
from db.engine import read_session
from db.models import AuditEvent, CheckIn, Flag
from db.queries import flags_for_staff
from tests.utils import CHECK_IN_ANSWERS, actor_for


def test_it_lets_the_coordinator_acknowledge_then_resolve_with_a_note(care_team):
    coord = actor_for("coord")
    acknowledge_flag(actor=coord, flag_id=care_team.id, note="Called, no answer")
    with pytest.raises(InvalidInput):
        resolve_flag(actor=coord, flag_id=care_team.id, note="  ")
    resolved = resolve_flag(actor=coord, flag_id=care_team.id, note="Seen in clinic")
    assert resolved.status == "resolved" and resolved.resolved_by == coord.user_id
    assert flags_for_staff(actor=coord) == []
    assert [f.status for f in flags_for_staff(actor=coord, include_resolved=True)] == ["resolved"]


@pytest.mark.parametrize("who", ["outsider-coord", "outsider-clin", "ana", "ben", "admin"])
def test_it_answers_not_found_to_anyone_off_the_care_team(care_team, who):
    with pytest.raises(NotFound):
        acknowledge_flag(actor=actor_for(who), flag_id=care_team.id)
    with pytest.raises(NotFound):
        resolve_flag(actor=actor_for(who), flag_id=care_team.id, note="x")
    with read_session() as session:
        assert session.get(Flag, care_team.id).status == "open"


def test_it_refuses_to_acknowledge_a_flag_twice(care_team, frozen):
    acknowledge_flag(actor=actor_for("coord"), flag_id=care_team.id, note="Calling her now")
    frozen.shift(600)
    with pytest.raises(InvalidInput, match="already acknowledged"):
        acknowledge_flag(actor=actor_for("clin"), flag_id=care_team.id, note="Me too")
    with read_session() as session:
        flag = session.get(Flag, care_team.id)
        acks = session.exec(select(AuditEvent).where(AuditEvent.action == "acknowledge_flag"))
        assert [e.actor_username for e in acks] == ["coord"]
    assert (flag.acknowledged_by, flag.acknowledge_note) == (
        actor_for("coord").user_id,
        "Calling her now",
    )


def test_it_opens_one_flag_when_two_saves_arrive_at_once(care_team):
    """Two phones save Ben's check-in with a warning sign at the same moment (real SQLite file)."""
    ben = actor_for("ben")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def save() -> None:
        start.wait()
        try:
            record_check_in(
                actor=ben, anything_new=True, warning_signs=["calf"], **CHECK_IN_ANSWERS
            )
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with read_session() as session:
        flags = session.exec(select(Flag).where(Flag.patient_id == ben.patient_id)).all()
        check_ins = session.exec(select(CheckIn).where(CheckIn.patient_id == ben.patient_id))
        assert len(check_ins.all()) == 1
    assert [(f.rule, f.severity, f.status) for f in flags] == [("warning_sign", "urgent", "open")]
