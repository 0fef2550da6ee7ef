"""Progress shows the patient's own sleep by week and their minutes practised, kindly framed."""

from sqlmodel import delete

from db.engine import write_session
from db.models import PracticeSession, SleepDiaryEntry
from tests.pages.conftest import texts

PROGRESS = "pages/patient/progress.py"


def open_progress(app_as):
    at = app_as("demo-patient").switch_page(PROGRESS).run()
    assert not at.exception
    return at


def charts(at) -> list[str]:
    return [str(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_it_shows_weekly_sleep_and_minutes_practised_from_the_demo_diary(app_as):
    at = open_progress(app_as)
    shown = texts(at)
    assert "You have written down 12 nights so far." in shown
    assert "In your latest week you slept about 6 hours 5 minutes a night." in shown
    assert "You have practised 6 times, for 38 minutes in all." in shown
    specs = charts(at)
    assert any('"efficiency"' in s and '"hours"' in s for s in specs)  # sleep by week
    assert any('"minutes"' in s for s in specs)  # minutes practised by week


def test_it_invites_rather_than_judges_when_nothing_is_recorded_yet(app_as):
    with write_session() as session:
        session.exec(delete(SleepDiaryEntry))
        session.exec(delete(PracticeSession))
    shown = texts(open_progress(app_as))
    assert "Your sleep will show here once you write down a few nights" in shown
    assert "Your breathing and other practice will show here." in shown
