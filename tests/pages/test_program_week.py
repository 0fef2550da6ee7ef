"""A whole week of the program, one local day at a time, through Today, Learn and Progress.

Wen lives in Los Angeles; week 1 starts on Monday 2026-03-16. Each day the clock is set to 09:00
there. Week 1's lessons fall on Monday ("Pain is your body's alarm"), Wednesday ("Hurt does not
always mean harm") and Friday ("Talking with your care team", the warning signs). Wen does
Monday's and Friday's lessons on their day, leaves Wednesday's until Saturday, and skips the
check-in on Friday.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from db.actions import give_consent, save_questionnaire_draft, submit_questionnaire
from program import analytics
from program import wording as w
from program.onboarding import CONSENT_VERSION
from tests.pages.conftest import login_as, texts
from tests.utils import actor_for, make_patient
from tests.utils.onboarding import all_answers
from tests.utils.screens import answer, answer_check_in, button, card, open_lesson

LA = ZoneInfo("America/Los_Angeles")
MONDAY = date(2026, 3, 16)
FIRST, SECOND = "Pain is your body's alarm", "Hurt does not always mean harm"
THIRD = "Talking with your care team"
DONE, NOT_DONE = f"badge[{w.DONE}]", f"badge[{w.NOT_DONE}]"

# day: (check in?, flare?, do a lesson?, check-ins so far, lessons so far, streak)
WEEK = {
    0: (True, False, "pain-is-protection", 1, 1, 1),
    1: (True, False, None, 2, 1, 2),
    2: (True, False, None, 3, 1, 3),
    3: (True, False, None, 4, 1, 4),
    4: (False, False, "your-care-team", 4, 2, 4),  # no check-in: today is not over
    5: (True, True, "hurt-and-harm", 5, 3, 1),
    6: (True, False, None, 6, 3, 2),
}


def check_in(at, flare: bool):
    answer_check_in(at, pain=4, sleep=3, mood=3, stress=3, flare=flare)
    button(at, "Save check-in").click().run()
    assert "Your check-in is saved" in texts(at)


def do_lesson(at, slug):
    open_lesson(at, slug)
    answer(at, [0, 0])
    button(at, w.MARK_DONE).click().run()
    assert at.success[0].value == w.MARKED_DONE
    at.query_params.clear()


def today(at):
    at.query_params.clear()
    return at.switch_page("pages/patient/today.py").run()


def assert_today_before(at, day):
    shown = texts(at)
    assert "Week 1 of 12" in shown
    assert NOT_DONE in card(at, w.CHECK_IN_TITLE)
    if day == 0:
        assert NOT_DONE in card(at, FIRST) and NOT_DONE in card(at, "Pain and daily life")
    elif day == 1:
        assert w.NOTHING_DUE in shown and w.later_this_week([SECOND, THIRD]) in shown
    elif day == 2:
        assert NOT_DONE in card(at, SECOND) and w.STILL_OPEN not in shown
    elif day == 4:
        assert NOT_DONE in card(at, THIRD) and w.STILL_OPEN in shown
        assert NOT_DONE in card(at, SECOND)
    elif day in (3, 5):
        assert w.STILL_OPEN in shown and w.NOTHING_NEW in shown and NOT_DONE in card(at, SECOND)
    else:
        assert w.NOTHING_DUE in shown and w.STILL_OPEN not in shown
    assert "missed" not in shown.lower()


@pytest.fixture
def wen(db, frozen):
    make_patient("Wen", username="wen", timezone="America/Los_Angeles", start=MONDAY)
    return actor_for("wen")


def nine_am(day: int) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(9), LA)


def test_it_takes_a_patient_through_a_whole_week(wen, frozen):
    frozen.move_to(nine_am(0))
    give_consent(actor=wen, version=CONSENT_VERSION)
    at = login_as("wen")
    for day, (checks_in, flare, lesson, check_ins, lessons, streak) in WEEK.items():
        frozen.move_to(nine_am(day))
        at = today(at)
        assert not at.exception, day
        assert_today_before(at, day)

        if checks_in:
            check_in(at, flare)
            assert DONE in card(at, w.CHECK_IN_TITLE)
        if lesson:
            do_lesson(at, lesson)
        if day == 0:
            save_questionnaire_draft(actor=wen, instrument="PEG", answers=all_answers("PEG", 5))
            submit_questionnaire(actor=wen, instrument="PEG")
            at = today(at)
            assert at.success and at.success[0].value == w.ALL_DONE
            assert DONE in card(at, FIRST)

        at.switch_page("pages/patient/learn.py").run()
        assert [h.value for h in at.header][0] == "This week (week 1)", day
        assert DONE in card(at, FIRST)
        assert (DONE if day >= 5 else NOT_DONE) in card(at, SECOND), day
        assert (DONE if day >= 4 else NOT_DONE) in card(at, THIRD), day

        at.switch_page("pages/patient/progress.py").run()
        shown = texts(at)
        assert analytics.adherence_message(check_ins, lessons) in shown, day
        assert analytics.streak_message(streak) in shown, day
        assert analytics.pain_message(None) in shown  # the first week is still going on
        assert not at.error and "Well done" not in shown
