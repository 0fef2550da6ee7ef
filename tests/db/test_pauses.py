"""A patient pauses their own program for a reason and a last day, changes it, or starts again
early; the pause ends by itself after its last day, and safety keeps working while paused."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from db.actions import (
    InvalidInput,
    change_plan,
    pause_my_program,
    record_check_in,
    resume_my_program,
    save_questionnaire_draft,
)
from db.engine import read_session, write_session
from db.models import AuditEvent, Enrolment, Flag, PlanEvent
from db.queries import (
    due_questionnaires,
    panel_for_staff,
    pause_for_patient,
    plan_for_clinician,
    today_for_patient,
)
from tests.utils import CHECK_IN_ANSWERS, actor_for

# FROZEN_NOW (tests/conftest.py) is Wednesday 18 March 2026 in New York: Ana, who started on
# Monday 2 March, is on day 2 of week 3.
TODAY = date(2026, 3, 18)


def on(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=16)


def events() -> list[PlanEvent]:
    with read_session() as session:
        return list(session.exec(select(PlanEvent).order_by(PlanEvent.id)))


def test_it_pauses_from_today_to_the_chosen_last_day_with_the_reason(people):
    ana = actor_for("ana")
    view = pause_my_program(actor=ana, reason="A holiday or a trip", until=date(2026, 3, 24))
    assert (view.paused, view.first_day, view.last_day) == (True, TODAY, date(2026, 3, 24))
    assert not view.by_care_team and view.reason == "A holiday or a trip"
    (event,) = events()
    assert (event.kind, event.effective_date, event.until_date) == (
        "pause",
        TODAY,
        date(2026, 3, 24),
    )
    assert event.actor_id == ana.user_id
    plan = today_for_patient(actor=ana).plan
    assert plan.paused and plan.pause_until == date(2026, 3, 24) and plan.due_today() == []
    assert due_questionnaires(actor=ana) == []
    # The care team sees it: on the panel and in the plan's history, with the reason.
    row = panel_for_staff(actor=actor_for("nurse")).set_index("name").loc["Ana Test"]
    assert row["status"] == "paused"
    history = plan_for_clinician(actor=actor_for("doc"), patient_id=ana.patient_id).history
    assert [(h.kind, h.reason) for h in history] == [("pause", "A holiday or a trip")]


def test_it_runs_again_after_the_last_day_right_where_it_stopped(people):
    ana = actor_for("ana")
    before = today_for_patient(actor=ana).plan
    pause_my_program(actor=ana, reason="An illness", until=date(2026, 3, 20))
    people.move_to(on(date(2026, 3, 21)))
    after = today_for_patient(actor=ana).plan
    # No resume was needed; the three paused days did not count: still day 2 of week 3.
    assert not after.paused and (after.week, after.day) == (before.week, before.day) == (3, 2)
    assert [e.kind for e in events()] == ["pause"]
    assert not pause_for_patient(actor=ana).paused
    # The panel does not go on calling the program paused once the pause has ended.
    row = panel_for_staff(actor=actor_for("nurse")).set_index("name").loc["Ana Test"]
    assert (row["status"], row["week"]) == ("active", 3)


def test_it_starts_again_early_from_the_day_the_patient_chooses_to(people):
    ana = actor_for("ana")
    pause_my_program(actor=ana, reason="A busy time", until=date(2026, 3, 31))
    people.move_to(on(date(2026, 3, 20)))
    view = resume_my_program(actor=ana)
    assert not view.paused
    plan = today_for_patient(actor=ana).plan
    assert not plan.paused and (plan.week, plan.day) == (3, 2)  # 18 and 19 March were paused
    assert [e.kind for e in events()] == ["pause", "resume"]
    with read_session() as session:
        assert session.exec(select(Enrolment)).first().status == "active"
        names = [a.action for a in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert names[-2:] == ["pause_my_program", "resume_my_program"]


def test_it_gives_a_running_pause_a_new_last_day(people):
    ana = actor_for("ana")
    pause_my_program(actor=ana, reason="Surgery or a test", until=date(2026, 3, 22))
    people.move_to(on(date(2026, 3, 20)))
    view = pause_my_program(actor=ana, reason="Surgery or a test", until=date(2026, 4, 5))
    assert (view.first_day, view.last_day) == (TODAY, date(2026, 4, 5))
    people.move_to(on(date(2026, 4, 6)))
    assert (today_for_patient(actor=ana).plan.week, today_for_patient(actor=ana).plan.day) == (3, 2)


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        (TODAY - timedelta(days=1), "A busy time", "from today on"),
        (TODAY + timedelta(days=42), "A busy time", "up to 6 weeks"),
        (TODAY + timedelta(days=3), "   ", "reason"),
    ],
)
def test_it_refuses_a_pause_it_cannot_keep_and_stores_nothing(people, until, reason, message):
    with pytest.raises(InvalidInput, match=message):
        pause_my_program(actor=actor_for("ana"), reason=reason, until=until)
    assert events() == []


def test_it_allows_a_pause_of_exactly_six_weeks(people):
    view = pause_my_program(
        actor=actor_for("ana"), reason="A busy time", until=TODAY + timedelta(days=41)
    )
    assert view.last_day == date(2026, 4, 28)


def test_it_has_nothing_to_pause_before_week_1(people):
    with write_session() as session:
        enrolment = session.exec(select(Enrolment)).first()
        enrolment.week1_start = None  # still in the baseline week
        session.add(enrolment)
    with pytest.raises(InvalidInput, match="not started yet"):
        pause_my_program(actor=actor_for("ana"), reason="A busy time", until=TODAY)
    assert pause_for_patient(actor=actor_for("ana")).started is False


def test_it_leaves_a_care_teams_pause_for_the_care_team_to_end(people):
    ana = actor_for("ana")
    change_plan(
        actor=actor_for("doc"),
        patient_id=ana.patient_id,
        kind="pause",
        reason="Until we see you after your operation.",
        until=date(2026, 4, 10),
    )
    view = pause_for_patient(actor=ana)
    assert view.paused and view.by_care_team
    with pytest.raises(InvalidInput, match="talk with them"):
        resume_my_program(actor=ana)
    with pytest.raises(InvalidInput, match="talk with them"):
        pause_my_program(actor=ana, reason="A busy time", until=date(2026, 3, 20))
    assert [e.kind for e in events()] == ["pause"]


def test_it_refuses_to_resume_a_program_that_is_not_paused(people):
    with pytest.raises(InvalidInput, match="not paused"):
        resume_my_program(actor=actor_for("ana"))


def test_it_keeps_warning_signs_and_phq9_item_9_working_during_a_pause(people):
    ana = actor_for("ana")
    pause_my_program(actor=ana, reason="An illness", until=date(2026, 3, 28))
    result = record_check_in(
        actor=ana, anything_new=True, warning_signs=["chest_pain"], **CHECK_IN_ANSWERS
    )
    assert result.guidance is not None and "911" in result.guidance.steps[0]
    save_questionnaire_draft(actor=ana, instrument="PHQ9", answers={"9": 2})
    with read_session() as session:
        flags = {(f.rule, f.severity) for f in session.exec(select(Flag))}
    assert flags == {("warning_sign", "emergency"), ("phq9_item9", "urgent")}
