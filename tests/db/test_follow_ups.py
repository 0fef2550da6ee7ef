"""The follow-up loop in the store: a prompt, a request, a booked visit, a completed visit that
resolves its flag (never a self-harm flag), cancelling, outreach, and "Not now"."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import select

from db.access import AccessDenied, NotFound
from db.actions import (
    InvalidInput,
    answer_not_now,
    book_visit,
    cancel_follow_up,
    complete_visit,
    open_or_update_flag,
    record_outreach,
    record_risk_assessment,
    report_warning_signs,
    request_follow_up,
    save_questionnaire_draft,
    submit_questionnaire,
)
from db.engine import read_session, write_session
from db.models import Flag, FlagEvent, FollowUpRequest, OutreachAttempt, PlanEvent, User, Visit
from db.queries import follow_up_prompts, follow_up_queue, follow_ups_for_patient
from program.rules import FlagSpec
from tests.utils import actor_for, make_patient, make_user, rows
from tests.utils.onboarding import all_answers

TODAY = date(2026, 3, 18)  # FROZEN_NOW in New York
PERSISTING = FlagSpec(
    "persisting",
    "soon",
    "persisting:1",
    "Persisting symptoms in week 7: baseline PEG 6.0, mean of the last 2 weekly PEGs 5.8.",
    {"baseline_peg": 6.0, "recent_mean": 5.8},
    patient_explanation=(
        "Your weekly pain score started at 6.0. Your last 2 weekly scores averaged 5.8. "
        "Your care team would like to hear how things are going."
    ),
)


@pytest.fixture
def team(db, frozen):
    """Ana (New York) with nurse and doc on her team and an open "persisting" flag; Ben apart."""
    nurse = make_user("nurse", ["coordinator"])
    doc = make_user("doc", ["clinician"])
    make_user("other-doc", ["clinician"])
    ana = make_patient(
        "Ana", username="ana", start=date(2026, 1, 26), coordinator=nurse, clinician=doc
    )
    make_patient("Ben", username="ben", start=date(2026, 1, 26))
    with write_session() as session:
        flag = open_or_update_flag(session, ana.id, PERSISTING)
    return {"ana": ana, "nurse": nurse, "doc": doc, "flag_id": flag.id, "clock": frozen}


def _ask(flag_id: int | None = None, **extra) -> FollowUpRequest:
    return request_follow_up(
        actor=actor_for("ana"),
        modality="telehealth",
        windows=[{"day": "tue", "time": "morning"}, {"day": "thu", "time": "afternoon"}],
        note="Mornings are best, **please**.",
        flag_id=flag_id,
        **extra,
    )


def _book(request_id: int, doc_id: int, day: date = TODAY + timedelta(days=5), **extra) -> Visit:
    return book_visit(
        actor=actor_for("nurse"),
        request_id=request_id,
        local_date=day,
        local_time=time(10, 30),
        modality="telehealth",
        clinician_id=doc_id,
        **extra,
    )


def flag_status(flag_id: int) -> str:
    with read_session() as session:
        return session.get(Flag, flag_id).status


def test_it_shows_the_prompt_with_the_rules_words_and_a_not_now_for_a_soon_flag(team):
    prompts = follow_up_prompts(actor=actor_for("ana")).prompts
    assert [(p.flag_id, p.severity, p.not_now, p.act_now) for p in prompts] == [
        (team["flag_id"], "soon", True, None)
    ]
    assert prompts[0].text.startswith("Your weekly pain score started at 6.0.")
    assert follow_up_prompts(actor=actor_for("ben")).prompts == ()


def test_it_never_prompts_the_patient_about_low_adherence(team):
    spec = FlagSpec("low_adherence", "routine", "low_adherence:1:x", "No check-in for 6 days.", {})
    with write_session() as session:  # even if words for the patient were stored by mistake
        open_or_update_flag(
            session, team["ana"].id, FlagSpec(**{**spec.__dict__, "patient_explanation": "Hi"})
        )
    rules = [p.rule for p in follow_up_prompts(actor=actor_for("ana")).prompts]
    assert rules == ["persisting"]


def test_it_books_and_completes_a_request_and_resolves_its_flag(team):
    request = _ask(team["flag_id"])
    assert request.status == "requested" and request.asked_on == TODAY
    page = follow_ups_for_patient(actor=actor_for("ana"))
    assert page.active.status == "requested"
    assert page.active.windows == ("Tuesday, morning (8 to 12)", "Thursday, afternoon (12 to 5)")
    assert page.active.about.startswith("Your weekly pain score")

    visit = _book(request.id, team["doc"].id)
    active = follow_ups_for_patient(actor=actor_for("ana")).active
    assert active.status == "scheduled"
    assert (active.visit.local_date, active.visit.local_time) == (
        TODAY + timedelta(days=5),
        time(10, 30),
    )
    assert active.visit.clinician_name == "Doc"
    # 10:30 in New York on March 23 (EDT, UTC-4) is 14:30 UTC.
    assert visit.starts_at.isoformat() == "2026-03-23T14:30:00+00:00"

    team["clock"].shift(timedelta(days=5))
    complete_visit(
        actor=actor_for("doc"),
        visit_id=visit.id,
        outcome="Talked through flare plan; walking dose too high.",
        why_plan_changed="We agreed to rest from the program for a week after your flare.",
        plan_kind="pause",
        until=TODAY + timedelta(days=12),
    )
    assert flag_status(team["flag_id"]) == "resolved"
    with read_session() as session:
        closing = session.exec(
            select(FlagEvent).where(
                FlagEvent.flag_id == team["flag_id"], FlagEvent.kind == "resolved"
            )
        ).one()
        event = session.exec(select(PlanEvent)).one()
        stored = session.get(Visit, visit.id)
    assert closing.note.startswith("Follow-up visit on 2026-03-23 completed: Talked through")
    assert (event.kind, event.reason) == (
        "pause",
        "We agreed to rest from the program for a week after your flare.",
    )
    assert stored.plan_event_id == event.id
    page = follow_ups_for_patient(actor=actor_for("ana"))
    assert page.active is None
    done = page.past[0]
    assert done.status == "completed" and done.visit.done
    assert done.visit.plan_note.startswith("We agreed to rest")
    assert done.visit.plan_change == "Your program is paused until Monday, March 30."
    assert "walking dose" not in repr(page)  # the staff outcome never reaches the patient
    assert follow_up_prompts(actor=actor_for("ana")).prompts == ()


def test_it_leaves_a_self_harm_flag_open_until_a_clinician_records_a_risk_assessment(team):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["self_harm"])
    with read_session() as session:
        risk = session.exec(select(Flag).where(Flag.rule == "self_harm_sign")).one()
    prompt = follow_up_prompts(actor=actor_for("ana")).prompts[0]
    assert prompt.flag_id == risk.id and not prompt.not_now
    assert prompt.act_now.steps[0].startswith("Call or text 988 now")
    request = _ask(risk.id)
    visit = _book(request.id, team["doc"].id, day=TODAY)
    complete_visit(actor=actor_for("doc"), visit_id=visit.id, outcome="Seen; safety plan made.")
    assert flag_status(risk.id) == "open"
    assert rows(FollowUpRequest)[0].status == "completed"
    queue = follow_up_queue(actor=actor_for("nurse")).items
    assert [i.key for i in queue][:1] == [f"flag-{risk.id}"]  # still needs the clinician
    assert queue[0].needs_risk_assessment
    record_risk_assessment(actor=actor_for("doc"), flag_id=risk.id, risk_assessment="Low risk.")
    assert flag_status(risk.id) == "resolved"


def test_it_lets_the_patient_cancel_with_a_reason_and_keeps_the_flag_open(team):
    request = _ask(team["flag_id"])
    visit = _book(request.id, team["doc"].id)
    cancelled = cancel_follow_up(
        actor=actor_for("ana"), request_id=request.id, reason="The time does not suit me"
    )
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "The time does not suit me")
    assert cancelled.cancelled_by == actor_for("ana").user_id
    assert flag_status(team["flag_id"]) == "open"
    page = follow_ups_for_patient(actor=actor_for("ana"))
    assert page.active is None and page.past[0].cancelled_by_patient
    calendar = page.past[0].visit.calendar
    assert calendar.cancelled and calendar.sequence == visit.sequence + 1
    # Back in the queue as a flag nobody has booked, and the patient may ask again.
    assert [i.key for i in follow_up_queue(actor=actor_for("nurse")).items] == [
        f"flag-{team['flag_id']}"
    ]
    assert _ask(team["flag_id"]).status == "requested"
    with pytest.raises(InvalidInput, match="already done or cancelled"):
        cancel_follow_up(actor=actor_for("ana"), request_id=request.id, reason="Again")


def test_it_keeps_one_follow_up_in_progress_per_patient(team):
    _ask()
    with pytest.raises(InvalidInput, match="already have a follow-up"):
        _ask(team["flag_id"])
    with pytest.raises(InvalidInput, match="already has a follow-up in progress"):
        book_visit(
            actor=actor_for("nurse"),
            flag_id=team["flag_id"],
            local_date=TODAY + timedelta(days=1),
            local_time=time(9, 0),
            modality="in_person",
            clinician_id=team["doc"].id,
        )


def test_it_refuses_someone_elses_request_and_flag(team):
    request = _ask()
    with pytest.raises(NotFound):
        cancel_follow_up(actor=actor_for("ben"), request_id=request.id, reason="Not mine")
    with pytest.raises(NotFound):
        request_follow_up(actor=actor_for("ben"), modality="telehealth", flag_id=team["flag_id"])
    with pytest.raises(NotFound):
        answer_not_now(actor=actor_for("ben"), flag_id=team["flag_id"])


def test_it_books_a_visit_straight_from_a_flag_and_moves_it_keeping_its_uid(team):
    first = book_visit(
        actor=actor_for("nurse"),
        flag_id=team["flag_id"],
        local_date=TODAY + timedelta(days=2),
        local_time=time(9, 0),
        modality="in_person",
        clinician_id=team["doc"].id,
    )
    request = rows(FollowUpRequest)[0]
    assert (request.status, request.flag_id, request.created_by) == (
        "scheduled",
        team["flag_id"],
        team["nurse"].id,
    )
    moved = _book(request.id, team["doc"].id, day=TODAY + timedelta(days=3))
    assert (moved.id, moved.uid, moved.sequence) == (first.id, first.uid, first.sequence + 1)
    assert follow_ups_for_patient(actor=actor_for("ana")).active.asked_by_patient is False


@pytest.mark.parametrize(
    ("day", "at", "message"),
    [
        (TODAY - timedelta(days=1), time(10, 0), "today or a later date"),
        (TODAY + timedelta(days=400), time(10, 0), "within 180 days"),
        (TODAY + timedelta(days=3), time(3, 0), "from 06:00 to 21:00"),
    ],
)
def test_it_refuses_a_visit_in_the_past_too_far_ahead_or_at_night(team, day, at, message):
    request = _ask()
    with pytest.raises(InvalidInput, match=message):
        book_visit(
            actor=actor_for("nurse"),
            request_id=request.id,
            local_date=day,
            local_time=at,
            modality="telehealth",
            clinician_id=team["doc"].id,
        )


def test_it_only_books_a_clinician_on_the_patients_care_team(team):
    request = _ask()
    with read_session() as session:
        other = session.exec(select(User).where(User.username == "other-doc")).one()
    with pytest.raises(InvalidInput, match="care team"):
        _book(request.id, other.id)
    with pytest.raises(InvalidInput, match="care team"):
        _book(request.id, team["nurse"].id)  # a coordinator is not a clinician


def test_it_lets_only_a_clinician_change_the_plan_when_completing(team):
    request = _ask()
    visit = _book(request.id, team["doc"].id, day=TODAY)
    with pytest.raises(AccessDenied):
        complete_visit(
            actor=actor_for("nurse"),
            visit_id=visit.id,
            outcome="Called",
            why_plan_changed="Rest a week.",
            plan_kind="pause",
        )
    assert rows(PlanEvent) == [] and rows(FollowUpRequest)[0].status == "scheduled"
    complete_visit(actor=actor_for("nurse"), visit_id=visit.id, outcome="Seen by phone.")
    assert rows(FollowUpRequest)[0].status == "completed"


def test_it_refuses_to_complete_a_visit_before_its_day(team):
    request = _ask()
    visit = _book(request.id, team["doc"].id, day=TODAY + timedelta(days=1))
    with pytest.raises(InvalidInput, match="on that day or later"):
        complete_visit(actor=actor_for("doc"), visit_id=visit.id, outcome="Seen.")


def test_it_records_outreach_attempts_in_the_queue(team):
    record_outreach(actor=actor_for("nurse"), flag_id=team["flag_id"], method="no_answer")
    record_outreach(
        actor=actor_for("nurse"), flag_id=team["flag_id"], method="left_message", note="Voicemail"
    )
    item = follow_up_queue(actor=actor_for("nurse")).items[0]
    assert [(o.method, o.note, o.by) for o in item.outreach] == [
        ("no_answer", None, "Nurse"),
        ("left_message", "Voicemail", "Nurse"),
    ]
    with pytest.raises(InvalidInput, match="how you tried"):
        record_outreach(actor=actor_for("nurse"), flag_id=team["flag_id"], method="pigeon")
    assert len(rows(OutreachAttempt)) == 2


def test_it_hides_a_soon_prompt_for_seven_days_after_not_now(team):
    answer = answer_not_now(actor=actor_for("ana"), flag_id=team["flag_id"])
    assert (answer.said_on, answer.returns_on) == (TODAY, TODAY + timedelta(days=7))
    assert follow_up_prompts(actor=actor_for("ana")).prompts == ()
    # The care team still sees the flag, with the patient's answer.
    item = follow_up_queue(actor=actor_for("nurse")).items[0]
    assert item.not_now_until == TODAY + timedelta(days=7)
    team["clock"].shift(timedelta(days=6))
    assert follow_up_prompts(actor=actor_for("ana")).prompts == ()
    team["clock"].shift(timedelta(days=1))
    assert [p.flag_id for p in follow_up_prompts(actor=actor_for("ana")).prompts] == [
        team["flag_id"]
    ]


def test_it_never_lets_not_now_silence_an_urgent_prompt(team):
    report_warning_signs(actor=actor_for("ana"), warning_signs=["fever_chills"])
    with read_session() as session:
        urgent = session.exec(select(Flag).where(Flag.severity == "urgent")).one()
    with pytest.raises(InvalidInput, match="Please do not wait"):
        answer_not_now(actor=actor_for("ana"), flag_id=urgent.id)
    prompts = follow_up_prompts(actor=actor_for("ana")).prompts
    assert [p.severity for p in prompts] == ["urgent", "soon"]
    assert prompts[0].act_now.heading == "Please call your clinic today" and not prompts[0].not_now
    assert prompts[0].text == (
        "On March 18 you told us about: fever or chills along with your pain. "
        "Your care team has been told."
    )


def test_it_orders_the_queue_most_severe_then_oldest_with_own_requests_as_soon(team):
    ben_coord = make_user("ben-nurse", ["coordinator"], clinic_wide=True)
    team["clock"].shift(timedelta(hours=1))
    _ask()  # Ana's own request (soon), newer than her persisting flag
    report_warning_signs(actor=actor_for("ana"), warning_signs=["calf"])  # urgent
    items = follow_up_queue(actor=actor_for(ben_coord.username)).items
    assert [(i.severity, i.status) for i in items] == [
        ("urgent", None),
        ("soon", None),
        ("soon", "requested"),
    ]
    assert items[2].note == "Mornings are best, **please**."
    assert [i.other_request_open for i in items[:2]] == [True, True]
    assert items[0].clinicians == ((team["doc"].id, "Doc"),)


def test_it_keeps_a_high_mood_score_quiet_after_a_visit_but_never_item_9(team):
    visit = _book(_ask(team["flag_id"]).id, team["doc"].id, day=TODAY)
    complete_visit(actor=actor_for("doc"), visit_id=visit.id, outcome="Seen.")
    ana = actor_for("ana")
    save_questionnaire_draft(
        actor=ana, instrument="PHQ9", answers=all_answers("PHQ9", 2, **{"9": 1})
    )
    result = submit_questionnaire(actor=ana, instrument="PHQ9")
    assert result.response.total >= 15
    assert [f.rule for f in result.flags] == ["phq9_item9"]
    assert [p.rule for p in follow_up_prompts(actor=ana).prompts] == ["phq9_item9"]
