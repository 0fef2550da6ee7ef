"""The patient's program on a phone (390 x 844): onboarding, a lesson, a questionnaire, axe-core.

Tests that change the demo patient (Alex, week 3) touch only what no other test reads: the lesson
"Flares pass" and this week's PEG. Onboarding uses a fresh patient each run.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest
from sqlmodel import select

from core.clock import local_today
from db.engine import read_session
from db.models import (
    Consent,
    Goal,
    ModuleCompletion,
    ModuleVersion,
    Patient,
    QuestionnaireResponse,
    User,
)
from tests.browser.conftest import describe, login, patient_page_findings, wait_for_app_idle
from tests.browser.test_patient_phone import PATIENT, RECORD_NUMBER, expect_today
from tests.utils import PASSWORD
from tests.utils.onboarding import baseline_patient

pytestmark = pytest.mark.browser

TIMEZONE = "America/New_York"
LESSON_SLUG = "flares-pass"
LESSON_TITLE = "Flares pass"
# (question, the option chosen): the first answer is right, the second wrong, so the feedback
# shows both the right-answer and the wrong-answer text.
LESSON_ANSWERS = (
    (
        "What does a flare in long-lasting pain usually mean?",
        "Your alarm system is extra protective for a while",
    ),
    (
        "Your pain rises, and you also have a new fever. What should you do?",
        "Treat it as a usual flare",
    ),
)
PEG_TITLE = "Pain and daily life"


@dataclass(frozen=True)
class NewPatient:
    username: str
    patient_id: int


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def app_db(app_server, monkeypatch):
    """The project's own db code (db.engine) pointed at the running server's database."""
    monkeypatch.setenv("DATABASE_URL", app_server.database_url)
    return app_server


@pytest.fixture
def new_patient(app_db) -> NewPatient:
    """A patient login that has not onboarded: no consent, no goals, enrolment week1_start None,
    on the demo coordinator's and clinician's care team."""
    username = f"onboard-{secrets.token_hex(4)}"
    with read_session() as session:
        team = {
            role: session.exec(select(User).where(User.username == f"demo-{role}")).one()
            for role in ("coordinator", "clinician")
        }
    actor = baseline_patient(
        "Robin", username=username, start=local_today(TIMEZONE), timezone=TIMEZONE, **team
    )
    with read_session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        assert not user.must_change_password
        patient = session.exec(select(Patient).where(Patient.user_id == actor.user_id)).one()
    return NewPatient(username, patient.id)


def alex_id() -> int:
    with read_session() as session:
        return session.exec(select(Patient.id).where(Patient.record_number == RECORD_NUMBER)).one()


def heading(page, name: str) -> None:
    page.get_by_role("heading", name=name).first.wait_for(state="visible")


def click_button(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app_idle(page)


def go_to(page, link: str, title: str) -> None:
    """Open a page from the link bar at the top and wait until it has drawn."""
    page.get_by_role("link", name=link, exact=True).first.click()
    heading(page, title)
    wait_for_app_idle(page)


def agree_and_set_goal(page, goal: str) -> None:
    heading(page, "Welcome to Recalibrate")
    click_button(page, "I agree")
    heading(page, "What would you like to get back to?")
    page.get_by_label("Goal 1", exact=True).fill(goal)
    click_button(page, "Save my goals")
    heading(page, "Your first week")


def open_lesson(page) -> None:
    go_to(page, "Learn", "Learn")
    page.locator(f".st-key-open-{LESSON_SLUG} button").click()
    heading(page, LESSON_TITLE)
    wait_for_app_idle(page)


def pick(page, question: str, option: str) -> None:
    group = page.locator('[data-testid="stRadio"]', has_text=question)
    group.locator("label", has_text=option).click()
    group.get_by_role("radio", name=option).wait_for(state="attached")
    page.wait_for_function(
        """([question, option]) => [...document.querySelectorAll('[data-testid="stRadio"]')]
            .filter(g => g.innerText.includes(question))
            .some(g => [...g.querySelectorAll('input[type="radio"]')]
                .some(r => r.checked && r.closest('label').innerText.includes(option)))""",
        arg=[question, option],
    )
    wait_for_app_idle(page)


def question_on_screen(page, number: int, of: int = 3) -> None:
    page.get_by_text(f"Question {number} of {of}", exact=True).wait_for(state="visible")
    wait_for_app_idle(page)


def answer(page, option: str) -> None:
    page.locator("[class*='st-key-qopt-'] button", has_text=option).filter(
        has=page.get_by_text(option, exact=True)
    ).click()
    wait_for_app_idle(page)


def assert_accessible(page, where: str, problems: list[str]) -> None:
    """No serious or critical axe finding, and (every page here is a patient's) headings in order."""
    if found := patient_page_findings(page):
        problems.append(f"== {where} ==\n{describe(found)}")


# --- tests -----------------------------------------------------------------------------------


def test_it_onboards_a_new_patient_from_consent_to_the_baseline_steps(page, app_db, new_patient):
    login(page, app_db.base_url, new_patient.username, PASSWORD)
    assert page.get_by_role("button", name="I agree").is_visible()
    agree_and_set_goal(page, "Play in the garden with my grandchildren")

    page.get_by_text("Play in the garden with my grandchildren").first.wait_for(state="visible")
    assert page.get_by_role("link", name="Start").count() >= 1  # a baseline questionnaire step
    with read_session() as session:
        consents = session.exec(
            select(Consent).where(Consent.patient_id == new_patient.patient_id)
        ).all()
        goals = session.exec(select(Goal).where(Goal.patient_id == new_patient.patient_id)).all()
    assert len(consents) == 1
    assert [g.text for g in goals] == ["Play in the garden with my grandchildren"]


def test_it_checks_a_lesson_and_marks_it_done(page, app_db):
    login(page, app_db.base_url, PATIENT)
    open_lesson(page)
    for question, option in LESSON_ANSWERS:
        pick(page, question, option)

    click_button(page, "Check my answers")
    main = page.locator('[data-testid="stMain"]')
    main.locator('[data-testid="stAlertContentSuccess"]').first.wait_for(state="visible")
    main.locator('[data-testid="stAlertContentInfo"]').first.wait_for(state="visible")

    click_button(page, "Mark as done")
    page.get_by_text("Well done! This lesson is marked as done.").wait_for(state="visible")
    with read_session() as session:
        done = session.exec(
            select(ModuleCompletion, ModuleVersion)
            .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
            .where(ModuleCompletion.patient_id == alex_id())
        ).all()
    assert [(c.check_correct, c.check_total) for c, v in done if v.title == LESSON_TITLE] == [
        (1, 2)
    ]

    click_button(page, "All lessons")
    heading(page, "Learn")
    status = page.locator('[data-testid="stMarkdownContainer"]', has_text=LESSON_TITLE).last
    status.get_by_text("Done", exact=True).wait_for(state="visible")
    assert "1 of 2 right" in status.inner_text()
    assert "Not done yet" not in status.inner_text()


def test_it_asks_the_weekly_peg_one_item_per_screen_and_resumes_after_a_reload(page, app_db):
    login(page, app_db.base_url, PATIENT)
    expect_today(page)
    page.get_by_text(PEG_TITLE, exact=True).wait_for(state="visible")  # its card on Today
    page.get_by_role("link", name="Start", exact=True).click()
    heading(page, PEG_TITLE)
    question_on_screen(page, 1)
    assert page.locator("[class*='st-key-qopt-']").count() == 11  # one item: 0 to 10

    answer(page, "4")
    question_on_screen(page, 2)

    page.reload()  # a locked phone: a new session, the login comes back from the cookie
    heading(page, PEG_TITLE)
    question_on_screen(page, 2)  # the first answer was kept on the server

    answer(page, "3")
    question_on_screen(page, 3)
    answer(page, "5")
    page.get_by_role("heading", name="Check your answers").wait_for(state="visible")
    click_button(page, "Submit")
    page.get_by_text("Thank you. Your answers are saved.").wait_for(state="visible")

    with read_session() as session:
        rows = session.exec(
            select(QuestionnaireResponse).where(
                QuestionnaireResponse.patient_id == alex_id(),
                QuestionnaireResponse.instrument == "PEG",
            )
        ).all()
    assert [(r.answers, r.program_week) for r in rows] == [({"1": 4, "2": 3, "3": 5}, 3)]


def test_it_has_no_serious_accessibility_violations_on_the_program_pages(page, app_server):
    """Today, Learn, a lesson, Progress, Get help and Account of the demo patient."""
    problems: list[str] = []
    login(page, app_server.base_url, PATIENT)
    expect_today(page)
    page.get_by_role("link", name="Get help now").wait_for(state="attached")
    assert_accessible(page, "Today", problems)
    go_to(page, "Learn", "Learn")
    assert_accessible(page, "Learn", problems)
    page.locator(f".st-key-open-{LESSON_SLUG} button").click()
    heading(page, LESSON_TITLE)
    wait_for_app_idle(page)
    assert_accessible(page, "a lesson", problems)
    for link, title in (
        ("Progress", "Your progress"),
        ("Get help", "Get help now"),
        ("Account", "Your account"),
    ):
        go_to(page, link, title)
        assert_accessible(page, link, problems)
    assert not problems, "\n".join(problems)


def test_it_has_no_serious_accessibility_violations_while_onboarding(page, app_server, new_patient):
    """The consent, goals and baseline screens, then a questionnaire's first question."""
    problems: list[str] = []
    login(page, app_server.base_url, new_patient.username, PASSWORD)
    heading(page, "Welcome to Recalibrate")
    assert_accessible(page, "onboarding: consent", problems)
    click_button(page, "I agree")
    heading(page, "What would you like to get back to?")
    assert_accessible(page, "onboarding: goals", problems)
    page.get_by_label("Goal 1", exact=True).fill("Walk the dog every morning")
    click_button(page, "Save my goals")
    heading(page, "Your first week")
    assert_accessible(page, "onboarding: baseline steps", problems)
    page.get_by_role("link", name="Start").first.click()
    question_on_screen(page, 1, of=page_item_count(page))
    assert_accessible(page, "questionnaire: first question", problems)
    assert not problems, "\n".join(problems)


def page_item_count(page) -> int:
    """The N of "Question 1 of N" on screen (baseline questionnaires differ in length)."""
    text = page.get_by_text("Question 1 of ").first
    text.wait_for(state="visible")
    return int(text.inner_text().rsplit(" ", 1)[-1])
