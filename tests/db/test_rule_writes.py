"""The cohort run's flag writes (db/rule_writes.py): new episodes in bulk write exactly what the
one-at-a-time path writes, never a second open episode, and urgent flags still e-mail the team."""

from __future__ import annotations

from sqlmodel import select

from core.clock import utcnow
from db.actions.flags import open_or_update_flag
from db.engine import read_session, write_session
from db.models import Flag, FlagEvent, OutboxMessage
from db.rule_writes import write_flags
from program.rules import FlagSpec
from tests.utils import make_patient, make_user

FLAG_COLUMNS = (
    "rule",
    "dedupe_key",
    "severity",
    "status",
    "explanation",
    "patient_explanation",
    "inputs",
    "opened_at",
    "last_seen_at",
    "acknowledged_at",
    "resolved_at",
)


class Known:
    def __init__(self, statuses=None):
        self.statuses = statuses or {}


def spec(key: str, severity: str = "soon", total: float = 6.0) -> FlagSpec:
    return FlagSpec(
        rule="persisting",
        severity=severity,
        dedupe_key=key,
        explanation=f"Weekly pain score {total} has not fallen.",
        inputs={"peg": total, "weeks": [5, 6, 7]},
        patient_explanation="Your pain has not eased. Your care team can help.",
    )


def written(patient_id: int) -> tuple[list[tuple], list[tuple]]:
    with read_session() as session:
        flags = session.exec(select(Flag).where(Flag.patient_id == patient_id)).all()
        rows = sorted((tuple(getattr(f, c) for c in FLAG_COLUMNS) for f in flags), key=repr)
        events = session.exec(
            select(FlagEvent).join(Flag).where(Flag.patient_id == patient_id)
        ).all()
        history = sorted(((e.kind, e.actor_id, e.note, e.inputs, e.at) for e in events), key=repr)
    return rows, history


def test_new_episodes_in_bulk_are_the_rows_the_one_at_a_time_path_writes(db):
    coord = make_user("coord", ["coordinator"])
    bulk = [make_patient(f"Bulk{n}", coordinator=coord) for n in range(3)]
    one = make_patient("One", coordinator=coord)
    now = utcnow()
    specs = [spec("persisting:1"), spec("mood:1", severity="routine", total=3.0)]
    with write_session() as session:
        opened = write_flags(session, [(p.id, specs) for p in bulk], Known(), [], now)
    with write_session() as session:
        for s in specs:
            open_or_update_flag(session, one.id, s, now=now)
    assert opened == 6
    expected = written(one.id)
    assert len(expected[0]) == 2 and len(expected[1]) == 2
    for patient in bulk:
        assert written(patient.id) == expected


def test_an_episode_opened_meanwhile_is_refreshed_not_opened_twice(db):
    coord = make_user("coord", ["coordinator"])
    ana, ben = make_patient("Ana", coordinator=coord), make_patient("Ben", coordinator=coord)
    now = utcnow()
    with write_session() as session:  # a save opened Ana's episode after the run read the flags
        open_or_update_flag(session, ana.id, spec("persisting:1", total=5.0), now=now)
    failed: list[int] = []
    with write_session() as session:
        write_flags(
            session,
            [(p.id, [spec("persisting:1", total=7.0)]) for p in (ana, ben)],
            Known(),
            failed,
            now,
        )
    assert failed == []
    with read_session() as session:
        rows = session.exec(select(Flag.patient_id, Flag.inputs).order_by(Flag.patient_id)).all()
        kinds = sorted(session.exec(select(FlagEvent.kind)).all())
    assert [(pid, inputs["peg"]) for pid, inputs in rows] == [(ana.id, 7.0), (ben.id, 7.0)]
    assert kinds == ["opened", "opened", "refreshed"]


def test_an_urgent_flag_still_queues_its_alert_e_mail_with_the_flag(db):
    coord = make_user("coord", ["coordinator"], email="coord@example.org")
    ana = make_patient("Ana", coordinator=coord)
    with write_session() as session:
        write_flags(session, [(ana.id, [spec("mood:9", severity="urgent")])], Known(), [], utcnow())
    with read_session() as session:
        flag = session.exec(select(Flag)).one()
        mail = session.exec(select(OutboxMessage)).all()
    assert flag.severity == "urgent"
    assert [m.flag_id for m in mail] == [flag.id]
