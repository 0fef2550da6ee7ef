"""The Reminder page: pick a time, download the .ics, and read how to add and delete it
(AppTest through the real app)."""

from datetime import date, time

import pytest
from icalendar import Calendar
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from db.actions import give_consent, pause_my_program, set_my_reminder
from db.queries import reminder_for_patient
from program import reminder_wording as w
from program.onboarding import CONSENT_VERSION
from tests.pages.conftest import login_as, texts
from tests.utils import actor_for, make_patient

REMINDERS = "pages/patient/reminders.py"


@pytest.fixture
def ana(db, frozen):
    make_patient("Ana", username="ana", start=date(2026, 3, 2))
    actor = actor_for("ana")
    give_consent(actor=actor, version=CONSENT_VERSION)
    return actor


def page():
    return login_as("ana").switch_page(REMINDERS).run()


def downloads(at):
    return [d for d in at.get("download_button")]


def test_it_keeps_the_chosen_time_and_offers_the_download(ana):
    at = page()
    assert w.INTRO in texts(at) and not downloads(at)
    at.time_input(key="at").set_value(time(8, 15))
    next(b for b in at.button if b.label == w.MAKE_BUTTON).click().run()
    shown = texts(at)
    assert w.SAVED in shown and w.time_text("8:15 AM") in shown
    assert w.until_text(date(2026, 5, 24)) in shown
    assert reminder_for_patient(actor=ana).at == time(8, 15)
    assert len(downloads(at)) == 1


def test_it_gives_the_steps_to_add_and_later_delete_it_on_both_phones(ana):
    set_my_reminder(actor=ana, minute_of_day=19 * 60)
    shown = texts(page())
    for line in (*w.IPHONE_ADD, *w.ANDROID_ADD, *w.IPHONE_DELETE, *w.ANDROID_DELETE):
        assert line in shown, line
    assert w.DELETE_WHY in shown and w.CHANGE_TIME in shown


def test_it_serves_an_ics_with_the_patients_time_zone_and_uid(ana, monkeypatch):
    served: list[tuple[bytes, str, str | None]] = []
    keep = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        served.append((path_or_data, mimetype, filename))
        return keep(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    view = set_my_reminder(actor=ana, minute_of_day=19 * 60)
    at = page()
    (button,) = downloads(at)
    assert button.proto.label == w.DOWNLOAD
    ((data, mimetype, filename),) = [s for s in served if s[1].startswith("text/calendar")]
    assert filename == "recalibrate-reminder.ics"
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["uid"]) == f"{view.token}@reminder.recalibrate"
    assert str(event["dtstart"].params["TZID"]) == "America/New_York"
    assert event.decoded("dtstart").time() == time(19, 0)


def test_it_says_during_a_pause_that_the_calendar_keeps_reminding(ana):
    set_my_reminder(actor=ana, minute_of_day=19 * 60)
    pause_my_program(actor=ana, reason="A holiday or a trip", until=date(2026, 3, 25))
    shown = texts(page())
    assert w.PAUSED in shown
