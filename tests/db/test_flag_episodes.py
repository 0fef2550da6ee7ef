"""Flag episodes: self-harm from the check-in closes like PHQ-9 item 9; a new sign reopens; history."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from db.access import AccessDenied, may_close_risk_flag
from db.actions import (
    InvalidInput,
    acknowledge_flag,
    open_or_update_flag,
    record_check_in,
    record_risk_assessment,
    report_warning_signs,
    resolve_flag,
)
from db.engine import read_session, write_session
from db.models import Flag, FlagEvent, User
from db.queries import flags_for_staff
from program.rules import mood_flag, phq9_item9_flag, warning_sign_flags
from tests.utils import actor_for, make_patient, make_user

MORNING = datetime(2026, 3, 18, 13, 0, tzinfo=UTC)
LATER = MORNING + timedelta(hours=3)
TODAY = date(2026, 3, 18)
ANSWERS = dict(pain=4, sleep_quality=3, mood=3, stress=2, flare=False, medicines_changed=False)


@pytest.fixture
def team(db):
    cora = make_user("cora", ["coordinator"])
    cli = make_user("cli", ["clinician"])
    make_user("other-cli", ["clinician"])
    make_patient("Ana", username="ana", coordinator=cora, clinician=cli, start=date(2026, 3, 2))
    return actor_for("ana")


def flags(**where) -> list[Flag]:
    with read_session() as session:
        query = select(Flag)
        for key, value in where.items():
            query = query.where(getattr(Flag, key) == value)
        return session.exec(query.order_by(Flag.id)).all()


def history(flag_id: int) -> list[tuple[str, str | None]]:
    with read_session() as session:
        events = session.exec(
            select(FlagEvent).where(FlagEvent.flag_id == flag_id).order_by(FlagEvent.id)
        ).all()
        return [(e.kind, e.note) for e in events]


def self_harm_from_check_in(patient) -> Flag:
    record_check_in(
        actor=patient, anything_new=True, warning_signs=["self_harm"], now=MORNING, **ANSWERS
    )
    [flag] = flags(rule="self_harm_sign")
    return flag


def test_it_refuses_a_coordinator_closing_a_check_in_self_harm_flag(team):
    flag = self_harm_from_check_in(team)
    with pytest.raises(AccessDenied):
        resolve_flag(actor=actor_for("cora"), flag_id=flag.id, note="Called her, she is fine")
    with pytest.raises(AccessDenied):  # the risk assessment is a clinician's action only
        record_risk_assessment(actor=actor_for("cora"), flag_id=flag.id, risk_assessment="Low")
    assert flags(rule="self_harm_sign")[0].status == "open"
    # The coordinator may still say it is being handled.
    acknowledge_flag(actor=actor_for("cora"), flag_id=flag.id, note="Paged Dr Cli", now=LATER)
    assert flags(rule="self_harm_sign")[0].status == "acknowledged"


def test_it_lets_the_care_team_clinician_close_it_only_with_a_risk_assessment(team):
    flag = self_harm_from_check_in(team)
    with pytest.raises(InvalidInput, match="risk assessment"):
        resolve_flag(actor=actor_for("cli"), flag_id=flag.id, note="Seen")
    record_risk_assessment(
        actor=actor_for("cli"), flag_id=flag.id, risk_assessment="Passive thoughts, safety plan"
    )
    [closed] = flags(rule="self_harm_sign")
    assert closed.status == "resolved" and closed.resolution_note.startswith("Passive thoughts")
    assert history(flag.id)[-1] == ("risk_assessed", "Passive thoughts, safety plan")


def test_it_refuses_a_clinician_who_is_not_on_the_care_team(team):
    flag = self_harm_from_check_in(team)
    with pytest.raises(AccessDenied):
        record_risk_assessment(actor=actor_for("other-cli"), flag_id=flag.id, risk_assessment="x")
    with read_session() as session:
        assert not may_close_risk_flag(
            session, actor_for("other-cli"), flag.patient_id, flag.rule, TODAY
        )
    assert flags(rule="self_harm_sign")[0].status == "open"


def test_it_keeps_a_chest_pain_flag_closable_apart_from_self_harm_sent_with_it(team):
    result = report_warning_signs(
        actor=team, warning_signs=["chest_pain", "self_harm"], now=MORNING
    )
    assert [f.rule for f in result.flags] == ["self_harm_sign", "warning_sign"]
    assert result.report.flag_id == result.flags[0].id  # the report names the most serious one
    [chest] = flags(rule="warning_sign")
    assert "self-harm" not in chest.explanation.lower() and chest.severity == "emergency"
    resolve_flag(actor=actor_for("cora"), flag_id=chest.id, note="Went to the ED, discharged")
    assert flags(rule="warning_sign")[0].status == "resolved"
    assert flags(rule="self_harm_sign")[0].status == "open"


def test_it_needs_a_risk_assessment_for_an_older_flag_with_self_harm_among_its_signs(team):
    # Flags opened before self-harm had its own episode hold every sign ticked in one flag.
    with read_session() as session:
        inputs = {"signs": ["chest_pain", "self_harm"]}
        coordinator = actor_for("cora")
        assert not may_close_risk_flag(
            session, coordinator, team.patient_id, "warning_sign", TODAY, inputs
        )
        assert may_close_risk_flag(
            session, coordinator, team.patient_id, "warning_sign", TODAY, {"signs": ["calf"]}
        )


def test_it_reopens_an_acknowledged_flag_on_a_new_warning_sign(team):
    report_warning_signs(actor=team, warning_signs=["chest_pain"], now=MORNING)
    [flag] = flags(rule="warning_sign")
    acknowledge_flag(
        actor=actor_for("cora"), flag_id=flag.id, note="Called, going to ED", now=LATER
    )

    record_check_in(
        actor=team,
        anything_new=True,
        warning_signs=["chest_pain", "short_of_breath"],
        now=LATER + timedelta(hours=1),
        **ANSWERS,
    )

    [again] = flags(rule="warning_sign")
    assert again.id == flag.id and again.status == "open"  # one episode, to acknowledge again
    assert again.acknowledged_at is None and again.acknowledge_note is None
    assert history(flag.id) == [
        ("opened", None),
        ("acknowledged", "Called, going to ED"),
        ("reopened", None),
    ]
    acknowledge_flag(actor=actor_for("cora"), flag_id=flag.id, now=LATER + timedelta(hours=2))
    assert flags(rule="warning_sign")[0].status == "acknowledged"


def test_it_does_not_reopen_when_the_same_signs_are_saved_again_that_day(team):
    report_warning_signs(actor=team, warning_signs=["chest_pain"], now=MORNING)
    [flag] = flags(rule="warning_sign")
    acknowledge_flag(actor=actor_for("cora"), flag_id=flag.id, now=LATER)
    record_check_in(
        actor=team,
        anything_new=True,
        warning_signs=["chest_pain"],
        now=LATER + timedelta(hours=1),
        **ANSWERS,
    )
    assert flags(rule="warning_sign")[0].status == "acknowledged"
    assert [kind for kind, _ in history(flag.id)] == ["opened", "acknowledged", "refreshed"]


def _open(patient_id: int, spec, at: datetime) -> None:
    with write_session() as session:
        open_or_update_flag(session, patient_id, spec, now=at)


def test_it_lists_self_harm_first_within_a_severity_then_the_oldest_first(team):
    with read_session() as session:
        cora = session.exec(select(User).where(User.username == "cora")).one()
    ben = make_patient("Ben", coordinator=cora).id
    ana = team.patient_id
    t = MORNING - timedelta(days=5)
    [calf] = warning_sign_flags(["calf"], TODAY)
    [chest] = warning_sign_flags(["chest_pain"], TODAY)
    [harm] = warning_sign_flags(["self_harm"], TODAY)
    _open(ana, mood_flag("PHQ9", 16, TODAY), t)  # soon, oldest of all
    _open(ben, calf, t + timedelta(hours=1))  # urgent, older
    _open(ana, calf, t + timedelta(hours=2))  # urgent, newer
    _open(ana, phq9_item9_flag(1, TODAY, finished=True), t + timedelta(hours=3))  # urgent, newest
    _open(ben, chest, t + timedelta(hours=4))  # emergency
    _open(ana, harm, t + timedelta(hours=5))  # emergency, newest

    listed = flags_for_staff(actor=actor_for("cora"), now=MORNING)

    assert [(f.patient_name, f.rule_name) for f in listed] == [
        ("Ana Test", "Self-harm answer (warning sign)"),
        ("Ben Test", "Warning sign: chest pain or pressure"),
        ("Ana Test", "Self-harm answer (PHQ-9 item 9)"),
        ("Ben Test", "Warning sign: swollen, red or painful calf"),
        ("Ana Test", "Warning sign: swollen, red or painful calf"),
        ("Ana Test", "Mood score (PHQ-9/GAD-7)"),
    ]
    assert [f.needs_risk_assessment for f in listed] == [True, False, True, False, False, False]
