"""Questionnaires: drafts that survive a locked phone, scoring, the schedule and the flags."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from db.access import AccessDenied, NotFound
from db.actions import (
    InvalidInput,
    acknowledge_flag,
    change_plan,
    record_risk_assessment,
    resolve_flag,
    save_questionnaire_draft,
    submit_questionnaire,
)
from db.engine import write_session
from db.models import AuditEvent, Enrolment, Flag, QuestionnaireDraft, QuestionnaireResponse
from db.queries import due_questionnaires, onboarding_state
from tests.utils import actor_for, make_user, rows
from tests.utils.onboarding import all_answers, answers_totalling, baseline_patient

NOW = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)


def submit(actor, code, answers, now=NOW):
    save_questionnaire_draft(actor=actor, instrument=code, answers=answers, now=now)
    return submit_questionnaire(actor=actor, instrument=code, now=now)


def due(actor, now=NOW):
    return {q.instrument: q for q in due_questionnaires(actor=actor, now=now)}


@pytest.fixture
def team(db, frozen):
    coord = make_user("coord", ["coordinator"])
    clin = make_user("clin", ["clinician"])
    make_user("outsider-clin", ["clinician"])
    make_user("admin", ["admin"])
    return baseline_patient("Bea", username="bea", coordinator=coord, clinician=clin)


# --- drafts -------------------------------------------------------------------------------------


def test_it_keeps_each_answer_in_a_draft_and_resumes_it(team):
    save_questionnaire_draft(actor=team, instrument="PHQ9", answers={"1": 2})
    save_questionnaire_draft(actor=team, instrument="PHQ9", answers={"2": 1})
    save_questionnaire_draft(actor=team, instrument="PHQ9", answers={"1": 0})  # changed on Back
    item = due(team)["PHQ9"]
    assert item.started and item.answers == {"1": 0, "2": 1}
    assert onboarding_state(actor=team).drafts == {"PHQ9": 2}
    assert len(rows(QuestionnaireDraft)) == 1


def test_it_drops_a_draft_older_than_seven_days(team):
    old = NOW - timedelta(days=8)
    save_questionnaire_draft(actor=team, instrument="PEG", answers={"1": 5}, now=old)
    assert not due(team)["PEG"].started
    save_questionnaire_draft(actor=team, instrument="PEG", answers={"2": 3})
    assert due(team)["PEG"].answers == {"2": 3}


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [("PHQ9", {"1": 4}), ("PHQ9", {"10": 1}), ("PEG", {"1": -1}), ("BDI", {"1": 1}), ("PEG", {})],
)
def test_it_refuses_bad_answers_and_saves_nothing(team, instrument, answers):
    with pytest.raises(InvalidInput):
        save_questionnaire_draft(actor=team, instrument=instrument, answers=answers)
    assert rows(QuestionnaireDraft) == []


def test_it_keeps_drafts_to_the_patient_themselves(team):
    other = baseline_patient("Cy", username="cy")
    save_questionnaire_draft(actor=team, instrument="PEG", answers={"1": 5})
    assert not due(other)["PEG"].started
    for who in ("coord", "clin", "admin"):
        with pytest.raises(AccessDenied):
            save_questionnaire_draft(actor=actor_for(who), instrument="PEG", answers={"1": 5})
        with pytest.raises(AccessDenied):
            due_questionnaires(actor=actor_for(who))
        with pytest.raises(AccessDenied):
            submit_questionnaire(actor=actor_for(who), instrument="PEG")
    refused = rows(AuditEvent, action="save_questionnaire_draft", outcome="refused")
    assert len(refused) == 3


# --- submitting ---------------------------------------------------------------------------------


def test_it_scores_and_saves_a_finished_questionnaire_for_the_baseline_week(team):
    result = submit(team, "GAD7", all_answers("GAD7", 1))
    saved = rows(QuestionnaireResponse)
    assert [(r.instrument, r.total, r.band, r.program_week) for r in saved] == [
        ("GAD7", 7.0, "mild", 0)
    ]
    assert saved[0].local_date == date(2026, 3, 18) and result.flags == ()
    assert rows(QuestionnaireDraft) == [] and "GAD7" not in due(team)


def test_it_refuses_a_questionnaire_with_missing_answers_and_saves_nothing(team):
    answers = all_answers("PHQ9", 1, **{"9": 0})
    del answers["5"]
    save_questionnaire_draft(actor=team, instrument="PHQ9", answers=answers)
    with pytest.raises(InvalidInput, match="1 still to go"):
        submit_questionnaire(actor=team, instrument="PHQ9")
    assert rows(QuestionnaireResponse) == [] and rows(Flag) == []
    assert len(rows(QuestionnaireDraft)) == 1  # the answers so far are kept


def test_it_refuses_to_submit_without_a_draft(team):
    with pytest.raises(InvalidInput, match="answer the questions first"):
        submit_questionnaire(actor=team, instrument="PEG")
    assert rows(QuestionnaireResponse) == []


def test_it_refuses_the_same_questionnaire_twice_in_one_week(team):
    submit(team, "PEG", all_answers("PEG", 3))
    with pytest.raises(InvalidInput, match="already"):
        submit(team, "PEG", all_answers("PEG", 4))
    assert len(rows(QuestionnaireResponse)) == 1


def test_it_records_the_program_week_after_the_baseline(team):
    with write_session() as session:
        enrolment = session.exec(select(Enrolment)).one()
        enrolment.week1_start = date(2026, 2, 16)  # week 5 on 2026-03-18
        session.add(enrolment)
    assert list(due(team)) == ["PEG"]
    submit(team, "PEG", all_answers("PEG", 2))
    assert [r.program_week for r in rows(QuestionnaireResponse)] == [5]
    assert due(team) == {}
    assert list(due(team, NOW + timedelta(days=5))) == ["PEG", "CSI"]  # week 6


def test_it_shows_nothing_due_while_the_program_is_paused(team):
    with write_session() as session:
        enrolment = session.exec(select(Enrolment)).one()
        enrolment.week1_start = date(2026, 3, 2)
        session.add(enrolment)
    change_plan(actor=actor_for("clin"), patient_id=team.patient_id, kind="pause", reason="Surgery")
    assert due(team) == {}


def test_it_shows_nothing_due_before_the_enrolment_starts(db, frozen):
    later = baseline_patient("Eve", username="eve", start=date(2026, 3, 25))
    assert due_questionnaires(actor=later) == []
    assert not onboarding_state(actor=later).in_baseline


# --- PHQ-9 item 9 -------------------------------------------------------------------------------


def item9_flags():
    return rows(Flag, rule="phq9_item9")


def test_it_opens_an_urgent_flag_as_soon_as_item_9_is_answered_above_0(team):
    save_questionnaire_draft(actor=team, instrument="PHQ9", answers={"9": 1})
    assert [(f.severity, f.status) for f in item9_flags()] == [("urgent", "open")]
    assert rows(QuestionnaireResponse) == []  # even though the questionnaire is not finished


def test_it_keeps_one_urgent_flag_when_the_questionnaire_is_then_submitted(team):
    result = submit(team, "PHQ9", all_answers("PHQ9", 0, **{"9": 2}))
    assert [f.rule for f in result.flags] == ["phq9_item9"]
    flags = item9_flags()
    assert len(flags) == 1 and flags[0].inputs["finished"] is True


def test_it_opens_no_item_9_flag_for_a_0(team):
    submit(team, "PHQ9", all_answers("PHQ9", 0))
    assert item9_flags() == []


def test_it_lets_only_a_care_team_clinician_close_item_9_with_a_risk_assessment(team):
    submit(team, "PHQ9", all_answers("PHQ9", 0, **{"9": 1}))
    flag = item9_flags()[0]
    coord, clin = actor_for("coord"), actor_for("clin")
    acknowledge_flag(actor=coord, flag_id=flag.id, note="Called, left a message")
    with pytest.raises(AccessDenied):
        resolve_flag(actor=coord, flag_id=flag.id, note="Spoke with her, she is fine")
    with pytest.raises(AccessDenied):
        record_risk_assessment(actor=coord, flag_id=flag.id, risk_assessment="Looks fine")
    with pytest.raises(NotFound):
        record_risk_assessment(
            actor=actor_for("outsider-clin"), flag_id=flag.id, risk_assessment="Low risk"
        )
    with pytest.raises(InvalidInput, match="risk assessment"):
        resolve_flag(actor=clin, flag_id=flag.id, note="Seen")
    with pytest.raises(InvalidInput):
        record_risk_assessment(actor=clin, flag_id=flag.id, risk_assessment="   ")
    assert item9_flags()[0].status == "acknowledged"
    record_risk_assessment(
        actor=clin, flag_id=flag.id, risk_assessment="Passive thoughts, no plan; safety plan made"
    )
    closed = item9_flags()[0]
    assert (closed.status, closed.resolved_by) == ("resolved", clin.user_id)
    assert closed.resolution_note.startswith("Passive thoughts")
    refused = rows(AuditEvent, actor_username="coord", outcome="refused")
    assert {e.action for e in refused} == {"resolve_flag", "record_risk_assessment"}


def test_it_still_lets_coordinators_resolve_other_flags(team):
    submit(team, "GAD7", answers_totalling("GAD7", 10))
    flag = rows(Flag, rule="mood")[0]
    resolved = resolve_flag(actor=actor_for("coord"), flag_id=flag.id, note="Discussed at visit")
    assert resolved.status == "resolved"


# --- mood flags ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["PHQ9", "GAD7"])
@pytest.mark.parametrize(
    ("total", "severity"), [(9, None), (10, "routine"), (14, "routine"), (15, "soon")]
)
def test_it_flags_mood_for_the_care_team_at_10_and_15(team, code, total, severity):
    submit(team, code, answers_totalling(code, total))
    flags = rows(Flag, rule="mood")
    assert [f.severity for f in flags] == ([severity] if severity else [])
    if severity:
        assert flags[0].dedupe_key == f"mood:{code}" and str(total) in flags[0].explanation


def test_it_shows_staff_no_flags_of_other_teams_patients(team):
    submit(team, "PHQ9", all_answers("PHQ9", 0, **{"9": 3}))
    flag = item9_flags()[0]
    with pytest.raises(NotFound):
        acknowledge_flag(actor=actor_for("outsider-clin"), flag_id=flag.id)
