"""Plan changes that set something: a movement level or step, bedtime scheduling, a pause's end."""

from datetime import date

import pytest
from sqlmodel import select

from db.actions import InvalidInput, change_plan
from db.engine import read_session
from db.lookups import plan_events
from db.models import PlanEvent
from program.plan_changes import SLEEP_RULE_OUTS
from tests.utils import actor_for


def _change(**changes):
    return change_plan(
        actor=actor_for("clin"),
        patient_id=actor_for("ana").patient_id,
        reason="After our visit we agreed on this.",
        **changes,
    )


def test_it_stores_what_a_movement_level_change_sets_and_the_plan_reads_it_back(care_team):
    event = _change(kind="movement_level", details={"level": -4, "exercise": "easy-walk"})
    refs = plan_events_for_ana(event.enrolment_id)
    assert [(r.kind, dict(r.details)) for r in refs] == [
        ("movement_level", {"level": -4, "exercise": "easy-walk"})
    ]


def test_it_switches_bedtime_scheduling_on_only_with_every_rule_out_confirmed(care_team):
    with pytest.raises(InvalidInput, match="every check confirmed"):
        _change(kind="sleep_scheduling_on", details={"rule_outs": ["bipolar", "seizures"]})
    with read_session() as session:
        assert session.exec(select(PlanEvent)).all() == []
    event = _change(
        kind="sleep_scheduling_on",
        details={"rule_outs": list(SLEEP_RULE_OUTS), "wake_time": "06:45"},
    )
    assert event.details == {"rule_outs": sorted(SLEEP_RULE_OUTS), "wake_time": "06:45"}


def test_it_keeps_a_pauses_planned_end_and_refuses_an_end_before_the_start(care_team):
    with pytest.raises(InvalidInput, match="cannot end before"):
        _change(kind="pause", effective_date=date(2026, 3, 20), until=date(2026, 3, 19))
    with pytest.raises(InvalidInput, match="Only a pause"):
        _change(kind="movement_step", details={"step_percent": 10}, until=date(2026, 4, 1))
    event = _change(kind="pause", effective_date=date(2026, 3, 20), until=date(2026, 3, 27))
    assert plan_events_for_ana(event.enrolment_id)[0].until == date(2026, 3, 27)


@pytest.mark.parametrize(
    ("kind", "details", "message"),
    [
        ("movement_level", {"level": 99}, "whole number from -8 to 20"),
        ("movement_level", {"level": 1.5}, "whole number"),
        ("movement_step", {"step_percent": 50}, "from 5 to 20"),
        ("sleep_scheduling_on", {"rule_outs": list(SLEEP_RULE_OUTS), "wake_time": "7am"}, "HH:MM"),
        ("pause", {"level": 2}, "takes no further details"),
    ],
)
def test_it_refuses_details_a_change_cannot_hold_and_saves_nothing(
    care_team, kind, details, message
):
    with pytest.raises(InvalidInput, match=message):
        _change(kind=kind, details=details)
    with read_session() as session:
        assert session.exec(select(PlanEvent)).all() == []


def plan_events_for_ana(enrolment_id: int):
    with read_session() as session:
        return plan_events(session, enrolment_id)
