"""Breathe through the real app: a breathing session starts the in-browser pacer, and Finish
records the minutes it ran (AppTest runs no JavaScript, so Finish is the way out here)."""

from datetime import timedelta

from sqlmodel import select

from db.engine import read_session
from db.models import PracticeSession
from tests.pages.conftest import texts
from tests.utils.screens import button, segmented

BREATHE = "pages/patient/breathe.py"


def sessions() -> list[tuple]:
    with read_session() as session:
        return [
            (s.kind, s.minutes, s.breaths_per_minute, s.completed)
            for s in session.exec(select(PracticeSession).order_by(PracticeSession.id.desc()))
        ]


def open_breathe(app_as):
    at = app_as("demo-patient").switch_page(BREATHE).run()
    assert not at.exception
    return at


def pacers(at) -> int:
    return len(at.get("bidi_component"))


def test_it_offers_six_breaths_a_minute_and_the_session_lengths(app_as):
    at = open_breathe(app_as)
    pace = segmented(at, "Breaths a minute")
    assert (pace.options, pace.value) == (["4", "5", "6", "7"], 6)
    length = segmented(at, "How many minutes?")
    assert (length.options, length.value) == (["3", "5", "10", "15", "20"], 5)
    assert "About 4 seconds in and 6 seconds out." in texts(at)
    assert pacers(at) == 0


def test_it_records_a_whole_session_when_finish_is_tapped_after_the_time(app_as, frozen):
    at = open_breathe(app_as)
    before = sessions()
    button(at, "Start").click().run()
    assert pacers(at) == 1 and not at.exception
    assert sessions() == before  # nothing is saved while it runs
    frozen.shift(timedelta(minutes=5, seconds=2))
    button(at, "Finish").click().run()
    assert sessions()[0] == ("breathing", 5, 6, True)
    assert "Well done. You practised for 5 minutes." in texts(at)
    assert pacers(at) == 0


def test_it_records_the_minutes_it_ran_when_stopped_early_at_a_chosen_pace(app_as, frozen):
    at = open_breathe(app_as)
    segmented(at, "Breaths a minute").set_value(5).run()
    assert "About 4.8 seconds in and 7.2 seconds out." in texts(at)
    segmented(at, "How many minutes?").set_value(10).run()
    button(at, "Start").click().run()
    frozen.shift(timedelta(minutes=3, seconds=10))
    button(at, "Finish").click().run()
    assert sessions()[0] == ("breathing", 3, 5, False)
    assert "You practised for 3 minutes. Every minute counts." in texts(at)


def test_it_saves_nothing_for_less_than_a_minute_and_says_so(app_as, frozen):
    at = open_breathe(app_as)
    before = sessions()
    button(at, "Start").click().run()
    frozen.shift(timedelta(seconds=20))
    button(at, "Finish").click().run()
    assert sessions() == before
    assert "That was less than a minute, so nothing was saved." in texts(at)


def test_it_records_a_body_scan_done_from_the_guided_text(app_as):
    at = open_breathe(app_as)
    segmented(at, "Practice").set_value("body_scan").run()
    assert "Bring your attention to your feet." in texts(at)
    segmented(at, "How many minutes did you practise?").set_value(10).run()
    button(at, "I did this practice").click().run()
    assert sessions()[0] == ("body_scan", 10, None, True)
    assert "This week you have practised for 15 minutes." in texts(at)  # 5 from the demo


def test_it_guides_noticing_without_judging(app_as):
    at = open_breathe(app_as)
    segmented(at, "Practice").set_value("noticing").run()
    shown = texts(at)
    assert "without calling it good or bad" in shown and "five things you can see" in shown


def test_it_saves_nothing_for_a_session_left_open_long_after_its_end(app_as, frozen):
    at = open_breathe(app_as)
    before = sessions()
    button(at, "Start").click().run()
    frozen.shift(timedelta(minutes=16))  # 5 planned, then the page sat open
    at.run()
    assert sessions() == before and pacers(at) == 0
    assert "was left open, so it was not saved" in texts(at)
