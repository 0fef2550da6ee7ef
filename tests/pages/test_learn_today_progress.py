"""Learn, Today and Progress as the patient sees them (AppTest through the real app.py).

The demo patient Alex is on day 1 of week 3 at FROZEN_NOW (Wednesday 2026-03-18, 11:00 in New
York): week 3's first lesson was due yesterday, its second is due on Friday.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from db.actions import change_plan, complete_module, give_consent
from db.engine import read_session, write_session
from db.models import CheckIn, Module, Patient, QuestionnaireResponse
from db.queries import lesson_for_patient, lessons_for_patient
from program import pause_wording as pw
from program import wording as w
from program.onboarding import CONSENT_VERSION
from program.visit_summary_wording import SHARE_HEADING
from tests.pages.conftest import login_as, texts, unreachable
from tests.utils import actor_for, make_patient, make_user
from tests.utils.screens import answer, answer_check_in, button, card, cards, open_lesson

DISCOURAGING = ("not improved", "no improvement", "worse", "failed", "missed", "behind", "overdue")
FRIDAY = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)  # Alex: day 3 of week 3, "your-flare-plan" due
THURSDAY = datetime(2026, 3, 19, 16, 0, tzinfo=UTC)  # Wen: 09:00, day 3 of week 1, nothing due


def charts(at):
    return at.get("vega_lite_chart")


# --- Learn ------------------------------------------------------------------------------------


def test_it_lists_this_weeks_lessons_first_then_past_weeks(app_as):
    at = app_as("demo-patient").switch_page("pages/patient/learn.py").run()
    assert not at.exception
    assert [h.value for h in at.header] == ["This week (week 3)", w.EARLIER_WEEKS, w.COMING_NEXT]
    titles = [c.split("**")[1] for c in cards(at)]
    assert titles[:2] == ["Flares pass", "Making your flare plan"]
    # 2 this week, then 2 from week 2 and 3 from week 1 (the warning-sign lesson is in week 1)
    assert len(titles) == 7 and all(w.NOT_DONE in c for c in cards(at))


def test_it_opens_a_lesson_and_gives_kind_feedback_on_the_check(app_as):
    at = app_as("demo-patient").switch_page("pages/patient/learn.py").run()
    button(at, w.OPEN_LESSON).click().run()  # the first one: this week's first lesson
    assert at.query_params["lesson"] == "flares-pass"
    assert at.title[0].value == "Flares pass"
    assert [r.label for r in at.radio] == [
        "What does a flare in long-lasting pain usually mean?",
        "Your pain rises, and you also have a new fever. What should you do?",
    ]
    answer(at, [1, 0])  # right, then wrong
    button(at, w.CHECK_BUTTON).click().run()
    assert [s.value for s in at.success] == [
        "Yes. A flare is usually the alarm system turning up for a while. It will settle."
    ]
    assert len(at.info) == 1 and not at.error  # a wrong answer is kind, never red


def test_it_asks_for_both_answers_before_marking_done(app_as):
    at = open_lesson(app_as("demo-patient"), "flares-pass")
    button(at, w.MARK_DONE).click().run()
    assert [x.value for x in at.warning] == [w.ANSWER_ALL]
    alex = actor_for("demo-patient")
    assert not next(
        x for x in lessons_for_patient(actor=alex).lessons if x.slug == "flares-pass"
    ).done


def test_it_marks_a_lesson_done_and_today_shows_it_done(app_as, frozen):
    frozen.move_to(FRIDAY)
    at = app_as("demo-patient")
    assert w.NOT_DONE in card(at, "Making your flare plan")
    open_lesson(at, "your-flare-plan")
    answer(at, [1, 1])
    button(at, w.MARK_DONE).click().run()
    assert at.success[0].value == w.MARKED_DONE
    at.query_params.clear()
    at.switch_page("pages/patient/today.py").run()
    assert f"badge[{w.DONE}]" in card(at, "Making your flare plan")
    at.switch_page("pages/patient/learn.py").run()
    assert "Check: 2 of 2 right" in card(at, "Making your flare plan")


def test_it_shows_a_held_lesson_with_the_reason_and_no_way_to_open_it(app_as):
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        module = session.exec(select(Module).where(Module.slug == "your-flare-plan")).one()
    change_plan(
        actor=actor_for("demo-clinician"),
        patient_id=alex.id,
        kind="hold",
        module_id=module.id,
        reason="We would like to talk first.",
    )
    at = app_as("demo-patient").switch_page("pages/patient/learn.py").run()
    held = next(m.value for m in at.markdown if "Making your flare plan" in m.value)
    assert "Your care team paused" in held and "We would like to talk first." in held
    assert not [b for b in at.button if b.key == "open-your-flare-plan"]
    at = open_lesson(at, "your-flare-plan")
    assert not at.radio and "Your care team paused" in texts(at)


def test_it_does_not_open_a_locked_lesson_from_a_link(app_as):
    at = open_lesson(app_as("demo-patient"), "pacing")
    assert not at.radio and "opens in week 8" in texts(at)
    at = open_lesson(at, "no-such-lesson")
    assert w.NOT_FOUND in texts(at)


# --- Today ------------------------------------------------------------------------------------


@pytest.fixture
def wen(db, frozen):
    """Wen in Los Angeles, week 1 from Monday 2026-03-16 (frozen: Wednesday, day 2)."""
    clin = make_user("clin", ["clinician"])
    make_patient(
        "Wen",
        username="wen",
        timezone="America/Los_Angeles",
        start=date(2026, 3, 16),
        clinician=clin,
    )
    actor = actor_for("wen")
    give_consent(actor=actor, version=CONSENT_VERSION)
    return actor


def do_lesson(actor, slug):
    detail = lesson_for_patient(actor=actor, slug=slug)
    complete_module(
        actor=actor,
        module_version_id=detail.status.version_id,
        check_answers=[q.answer for q in detail.check],
    )


def peg_done(actor, week=1):
    with write_session() as session:
        session.add(
            QuestionnaireResponse(
                patient_id=actor.patient_id,
                instrument="PEG",
                answers={"1": 5, "2": 5, "3": 5},
                total=5.0,
                program_week=week,
                local_date=date(2026, 3, 16) + timedelta(days=7 * (week - 1)),
            )
        )


def test_it_says_nothing_is_due_when_nothing_is(wen, frozen):
    do_lesson(wen, "pain-is-protection")
    do_lesson(wen, "hurt-and-harm")
    peg_done(wen)
    frozen.move_to(THURSDAY)
    at = login_as("wen")
    shown = texts(at)
    assert "Week 1 of 12" in shown and w.NOTHING_DUE in shown
    assert w.STILL_OPEN not in shown and "Later this week: Talking with your care team." in shown


def test_it_keeps_an_earlier_lesson_open_gently_instead_of_missed(wen, frozen):
    peg_done(wen)
    frozen.move_to(THURSDAY)
    at = login_as("wen")
    shown = texts(at)
    assert w.STILL_OPEN in shown and w.STILL_OPEN_TEXT in shown and w.NOTHING_NEW in shown
    assert w.NOT_DONE in card(at, "Pain is your body's alarm")
    assert not [word for word in DISCOURAGING if word in shown.lower()]


def test_it_lists_a_due_questionnaire_with_a_link(wen):
    at = login_as("wen")
    assert w.NOT_DONE in card(at, "Pain and daily life")
    assert w.START_QUESTIONS in [link.label for link in at.get("page_link")]


def test_it_shows_a_lesson_due_today_as_done_or_not_done(wen, frozen):
    peg_done(wen)
    frozen.move_to(datetime(2026, 3, 20, 16, 0, tzinfo=UTC))  # Friday 09:00: day 4
    at = login_as("wen")
    assert w.NOT_DONE in card(at, "Talking with your care team")
    do_lesson(wen, "your-care-team")
    at.run()
    assert f"badge[{w.DONE}]" in card(at, "Talking with your care team")


def test_it_shows_the_check_in_as_done_as_soon_as_it_is_saved(wen):
    at = login_as("wen")
    assert w.NOT_DONE in card(at, w.CHECK_IN_TITLE)
    answer_check_in(at)
    button(at, "Save check-in").click().run()
    assert f"badge[{w.DONE}]" in card(at, w.CHECK_IN_TITLE)


def test_it_shows_a_paused_program_calmly_with_nothing_due(wen):
    change_plan(
        actor=actor_for("clin"), patient_id=wen.patient_id, kind="pause", reason="Enjoy your trip."
    )
    at = login_as("wen")
    shown = texts(at)
    assert pw.paused_until(None) in shown and "Enjoy your trip." in shown
    assert pw.starts_again(None) in shown and pw.TODAY_PAUSED in shown
    assert w.TODAY_STEPS not in shown and w.STILL_OPEN not in shown and not at.error
    assert "Daily check-in" in shown  # still possible, never required


def test_it_shows_a_maintenance_message_after_week_12(wen, frozen):
    frozen.move_to(datetime(2026, 6, 10, 16, 0, tzinfo=UTC))
    at = login_as("wen")
    shown = texts(at)
    assert w.FINISHED_TITLE in shown and "Week 13" not in shown
    at.switch_page("pages/patient/learn.py").run()
    assert [h.value for h in at.header] == [w.ALL_LESSONS]


def test_it_shows_the_first_steps_in_the_baseline_week(db, frozen):
    from tests.utils.onboarding import baseline_patient

    give_consent(actor=baseline_patient("Bea", username="bea"), version=CONSENT_VERSION)
    at = login_as("bea")
    shown = texts(at)
    assert w.SETTING_UP in shown and "of 12" not in shown
    assert w.NOT_DONE in card(at, "Pain and daily life")


# --- Progress ---------------------------------------------------------------------------------


def test_it_shows_charts_and_no_discouraging_words_below_the_threshold(app_as):
    at = app_as("demo-patient").switch_page("pages/patient/progress.py").run()
    assert not at.exception and len(charts(at)) >= 2
    shown = texts(at)
    assert "Your average pain over the last 7 days is" in shown  # Alex: 7.1 to 5.5, under 30%
    assert not at.success and not at.error and "Well done" not in shown
    assert not [word for word in DISCOURAGING if word in shown.lower()]
    headers = [h.value for h in at.header]
    # Adherence apart from outcomes; then the summary to share (pages/patient/progress_share.py).
    assert headers == [w.OUTCOMES, w.DONE_SO_FAR, SHARE_HEADING]


def test_it_says_so_warmly_when_a_meaningful_threshold_is_passed(wen, frozen):
    frozen.move_to(datetime(2026, 3, 31, 16, 0, tzinfo=UTC))  # week 3
    with write_session() as session:
        for n in range(16):
            day = date(2026, 3, 16) + timedelta(days=n)
            session.add(
                CheckIn(
                    patient_id=wen.patient_id,
                    local_date=day,
                    pain=7 if n < 7 else 3,
                    sleep_quality=3,
                    mood=3,
                    stress=3,
                )
            )
    for week, total in ((0, 6.0), (1, 5.67), (2, 4.67)):
        with write_session() as session:
            session.add(
                QuestionnaireResponse(
                    patient_id=wen.patient_id,
                    instrument="PEG",
                    answers={},
                    total=total,
                    program_week=week,
                    local_date=date(2026, 3, 16),
                    taken_at=datetime(2026, 3, 16, tzinfo=UTC) + timedelta(days=7 * week),
                )
            )
    at = login_as("wen").switch_page("pages/patient/progress.py").run()
    assert not at.exception and len(charts(at)) >= 3
    warm = [s.value for s in at.success]
    assert len(warm) == 2 and all("Well done" in s for s in warm)
    assert "7.0" in warm[0] and "3.0" in warm[0] and "4.7" in warm[1] and "6.0" in warm[1]


def test_it_keeps_learn_and_progress_for_patients_only(app_as):
    at = app_as("demo-coordinator")
    for page in ("pages/patient/learn.py", "pages/patient/progress.py"):
        assert unreachable(at, page), page
