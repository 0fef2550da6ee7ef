"""Onboarding and questionnaires on the phone: consent, goals, one question per screen, crisis help."""

import pytest
from sqlmodel import select

from core.settings import load_settings
from db.actions import give_consent, save_goals, save_questionnaire_draft
from db.auth import authenticate, open_session
from db.engine import read_session
from db.models import Consent, Flag, Goal, QuestionnaireDraft, QuestionnaireResponse, User
from program.onboarding import (
    CONSENT_VERSION,
    CRISIS_HEADING,
    SAVE_FAILED,
    THANK_YOU,
    WELCOME_TITLE,
)
from tests.pages.conftest import fresh_app, login_as, texts
from tests.utils import PASSWORD, rows
from tests.utils.onboarding import all_answers, baseline_patient
from tests.utils.screens import button

QUESTIONNAIRE = "pages/patient/questionnaire.py"


def staff(username):
    with read_session() as session:
        return session.exec(select(User).where(User.username == username)).one()


@pytest.fixture
def bea(demo_db, frozen):
    """A new patient on the demo care team, still in the baseline week."""
    return baseline_patient(
        "Bea",
        username="bea",
        coordinator=staff("demo-coordinator"),
        clinician=staff("demo-clinician"),
    )


@pytest.fixture
def consented(bea):
    give_consent(actor=bea, version=CONSENT_VERSION)
    save_goals(actor=bea, goals=["Walk the dog"])
    return bea


def login_again(username):
    """A second session of the same user, as after the phone locked and the page reloaded."""
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    result = authenticate(username=username, password=PASSWORD, settings=settings)
    session_id = open_session(
        user_id=result.user_id, kind=result.kind, sid=f"again-{username}", settings=settings
    )
    at = fresh_app()
    at.session_state["login_session_id"] = session_id
    return at.run()


def progress_text(at):
    return at.get("progress")[0].proto.text


def open_questionnaire(code):
    at = login_as("bea")
    at.switch_page(QUESTIONNAIRE).run()
    at.button(key=f"qnav-start-{code}").click().run()
    assert not at.exception
    return at


def answer(at, code, item, value):
    return at.button(key=f"qopt-{code}-{item}-{value}").click().run()


# --- onboarding ---------------------------------------------------------------------------------


def test_it_sends_a_patient_without_consent_to_onboarding_only(bea):
    at = login_as("bea")
    shown = texts(at)
    assert WELCOME_TITLE in shown and "911" in shown and "988" in shown
    assert "around the clock" in shown
    assert button(at, "I agree")
    links = [link.proto.label for link in at.get("page_link")]
    assert links[:3] == ["Getting started", "Get help", "Account"], links
    assert "Today" not in links and "Questions" not in links
    with pytest.raises(ValueError):  # not registered for this patient until they consent
        at.switch_page("pages/patient/today.py")
    at.switch_page("pages/patient/help.py").run()
    assert "Get help now" in texts(at)


def test_it_goes_from_consent_to_goals_to_the_baseline_steps(bea):
    at = login_as("bea")
    button(at, "I agree").click().run()
    assert len(rows(Consent, patient_id=bea.patient_id)) == 1
    assert "What would you like to get back to?" in texts(at)
    at.text_input(key="goal-0").input("Walk to the park with my son")
    button(at, "Save my goals").click().run()
    assert [g.text for g in rows(Goal, patient_id=bea.patient_id)] == [
        "Walk to the park with my son"
    ]
    shown = texts(at)
    assert "Your first week" in shown and "Walk to the park with my son" in shown
    assert "0 of 3 days done" in shown
    at.switch_page("pages/patient/today.py").run()
    assert "not available" not in texts(at)


def test_it_asks_again_for_a_goal_left_blank(bea):
    at = login_as("bea")
    button(at, "I agree").click().run()
    button(at, "Save my goals").click().run()
    assert any("at least one goal" in e.value for e in at.error)
    assert rows(Goal, patient_id=bea.patient_id) == []


# --- one question per screen --------------------------------------------------------------------


def test_it_shows_one_question_at_a_time_and_saves_each_answer(consented):
    at = open_questionnaire("GAD7")
    assert progress_text(at) == "Question 1 of 7"
    assert "## Feeling nervous, anxious, or on edge" in [m.value for m in at.markdown]
    assert [b.label for b in at.button if b.key.startswith("qopt-")] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    answer(at, "GAD7", "1", 2)
    assert progress_text(at) == "Question 2 of 7"
    assert rows(QuestionnaireDraft)[0].answers == {"1": 2}
    button(at, "Back").click().run()
    assert progress_text(at) == "Question 1 of 7"


def test_it_resumes_at_the_first_unanswered_question_in_a_new_session(consented):
    at = open_questionnaire("PHQ9")
    answer(at, "PHQ9", "1", 1)
    answer(at, "PHQ9", "2", 0)
    fresh = login_again("bea")
    fresh.switch_page(QUESTIONNAIRE).run()
    assert [b.label for b in fresh.button if b.key == "qnav-start-PHQ9"] == ["Carry on"]
    fresh.button(key="qnav-start-PHQ9").click().run()
    assert progress_text(fresh) == "Question 3 of 9"


def test_it_reviews_and_submits_then_thanks_without_scary_labels(consented):
    save_questionnaire_draft(actor=consented, instrument="GAD7", answers=all_answers("GAD7", 3))
    at = open_questionnaire("GAD7")
    assert "Check your answers" in texts(at)
    button(at, "Submit").click().run()
    shown = texts(at)
    assert THANK_YOU in shown
    assert "severe" not in shown.lower() and "21" not in shown
    mine = rows(QuestionnaireResponse, patient_id=consented.patient_id)  # the demo has others'
    assert [(r.instrument, r.total) for r in mine] == [("GAD7", 21.0)]


# --- PHQ-9 item 9 -------------------------------------------------------------------------------


def ready_for_item_9(actor):
    answers = all_answers("PHQ9", 0)
    del answers["9"]
    save_questionnaire_draft(actor=actor, instrument="PHQ9", answers=answers)
    at = open_questionnaire("PHQ9")
    assert progress_text(at) == "Question 9 of 9"
    return at


def crisis_shown(at):
    return any(
        CRISIS_HEADING in e.value and "988" in e.value and "911" in e.value for e in at.error
    )


def test_it_shows_crisis_help_on_the_same_screen_and_flags_item_9(consented):
    at = ready_for_item_9(consented)
    assert not crisis_shown(at)
    answer(at, "PHQ9", "9", 1)
    assert crisis_shown(at) and progress_text(at) == "Question 9 of 9"
    assert "not watched around the clock" in texts(at)
    assert [(f.rule, f.severity) for f in rows(Flag) if f.patient_id == consented.patient_id] == [
        ("phq9_item9", "urgent")
    ]


def test_it_shows_crisis_help_even_when_saving_fails(consented, monkeypatch):
    at = ready_for_item_9(consented)

    def broken(**_):
        raise RuntimeError("database is locked")

    monkeypatch.setattr("db.actions.save_questionnaire_draft", broken)
    answer(at, "PHQ9", "9", 2)
    assert not at.exception
    assert crisis_shown(at)
    assert any(SAVE_FAILED in w.value for w in at.warning)
    assert rows(Flag, patient_id=consented.patient_id) == []  # nothing was saved


# --- the flags page -----------------------------------------------------------------------------


def item9_flag(actor):
    save_questionnaire_draft(actor=actor, instrument="PHQ9", answers={"9": 1})
    with read_session() as session:
        return session.exec(
            select(Flag).where(Flag.rule == "phq9_item9", Flag.patient_id == actor.patient_id)
        ).one()


def test_it_asks_the_clinician_for_a_risk_assessment_to_close_item_9(consented):
    flag = item9_flag(consented)
    at = login_as("demo-clinician", "recalibrate-demo")
    at.switch_page("pages/care/flags.py").run()
    at.text_area(key=f"flag-risk-{flag.id}").input("Passive thoughts, no plan. Safety plan made.")
    close = next(
        b
        for b in at.button
        if b.label == "Record risk assessment and close" and b.proto.form_id == f"flag-{flag.id}"
    )
    close.click().run()
    assert not at.exception
    with read_session() as session:
        saved = session.get(Flag, flag.id)
    assert saved.status == "resolved" and saved.resolution_note.startswith("Passive thoughts")


def test_it_lets_the_coordinator_acknowledge_but_not_close_item_9(consented):
    flag = item9_flag(consented)
    at = login_as("demo-coordinator", "recalibrate-demo")
    at.switch_page("pages/care/flags.py").run()
    assert not [t for t in at.text_area if t.key == f"flag-risk-{flag.id}"]
    assert "Only a clinician can close this flag" in texts(at)
    close = next(
        b
        for b in at.button
        if b.label == "Record risk assessment and close" and b.proto.form_id == f"flag-{flag.id}"
    )
    assert close.disabled
