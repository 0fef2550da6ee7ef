"""Sleep through the real app: the diary saves last night by default and can pick the night
before; the bedtime plan shows only when bedtime scheduling is on for this patient."""

from datetime import date, time

from sqlmodel import select

from db.actions import change_plan
from db.engine import read_session
from db.models import SleepDiaryEntry
from tests.pages.conftest import texts
from tests.utils import actor_for
from tests.utils.screens import button, segmented

SLEEP = "pages/patient/sleep.py"
TODAY = date(2026, 3, 18)  # FROZEN_NOW, in New York
DRIVING = "do not drive"


def open_sleep(app_as):
    at = app_as("demo-patient").switch_page(SLEEP).run()
    assert not at.exception
    return at


def fill(
    at,
    *,
    into_bed=time(23, 15),
    to_sleep=25,
    awakenings=2,
    awake=40,
    wake=time(6, 15),
    out=time(6, 45),
    quality=4,
):
    at.time_input(key=f"in-{night_key(at)}").set_value(into_bed)
    at.number_input(key=f"to-{night_key(at)}").set_value(to_sleep)
    at.number_input(key=f"wk-{night_key(at)}").set_value(awakenings)
    at.number_input(key=f"aw-{night_key(at)}").set_value(awake)
    at.time_input(key=f"fw-{night_key(at)}").set_value(wake)
    at.time_input(key=f"ob-{night_key(at)}").set_value(out)
    if quality is not None:
        segmented(at, "How well did you sleep?").set_value(quality)
    return at


def night_key(at) -> str:
    return at.selectbox[0].value.isoformat()


def entry(night: date) -> SleepDiaryEntry | None:
    with read_session() as session:
        return session.exec(select(SleepDiaryEntry).where(SleepDiaryEntry.night == night)).first()


def test_it_offers_last_night_first_and_asks_how_long_it_took_to_fall_asleep(app_as):
    at = open_sleep(app_as)
    night = at.selectbox[0]
    assert night.label == "Which night?" and night.value == date(2026, 3, 17)
    assert night.options[:2] == ["Last night (Tue 17 Mar)", "Night of Mon 16 Mar"]
    labels = [n.label for n in at.number_input]
    assert labels[0] == "How long after getting into bed did you fall asleep? (minutes)"


def test_it_saves_a_changed_night_and_says_what_it_works_out_to(app_as):
    at = open_sleep(app_as)
    assert "You filled in this night already" in texts(at)  # the demo has last night
    fill(at)
    button(at, "Save my diary").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    # 23:15 -> 06:45 is 7.5 h in bed; 7 h to the final waking less 25 + 40 minutes awake.
    assert (
        "Updated. Thank you. You were in bed for 7 hours 30 minutes and asleep for about "
        "5 hours 55 minutes." in texts(at)
    )
    saved = entry(date(2026, 3, 17))
    assert (saved.time_in_bed, saved.total_sleep, saved.quality) == (450, 355, 4)


def test_it_saves_the_night_before_when_the_patient_picks_it(app_as):
    at = open_sleep(app_as)
    at.selectbox[0].set_value(date(2026, 3, 14)).run()  # a night the demo diary skipped
    assert "You filled in this night already" not in texts(at)
    fill(at, into_bed=time(0, 30), awake=0, to_sleep=10)
    button(at, "Save my diary").click().run()
    assert "Saved. Thank you for writing it down." in texts(at)
    assert entry(date(2026, 3, 14)).time_in_bed == 375  # into bed after midnight


def test_it_shows_an_impossible_night_in_the_patients_words_and_saves_nothing(app_as):
    at = open_sleep(app_as)
    at.selectbox[0].set_value(date(2026, 3, 14)).run()
    fill(at, into_bed=time(6, 0), wake=time(6, 30), out=time(6, 30), to_sleep=20, awake=20)
    button(at, "Save my diary").click().run()
    assert [e.value for e in at.error] == [
        "Your diary was not saved. The minutes to fall asleep and the minutes awake add up to "
        "more than the time from getting into bed to waking up. Please check those numbers."
    ]
    assert entry(date(2026, 3, 14)) is None


def test_it_asks_how_well_the_patient_slept_instead_of_assuming(app_as):
    at = open_sleep(app_as)
    at.selectbox[0].set_value(date(2026, 3, 14)).run()
    fill(at, quality=None)
    button(at, "Save my diary").click().run()
    assert "Please choose how well you slept." in at.error[0].value
    assert entry(date(2026, 3, 14)) is None


def test_it_shows_the_last_seven_nights_and_the_habits_for_everyone(app_as):
    shown = texts(open_sleep(app_as))
    assert "You filled in 6 of the last 7 nights." in shown
    assert "If you are awake for about 20 minutes, get up." in shown
    assert "Try not to nap in the day" in shown


def test_it_shows_the_bedtime_plan_with_the_driving_warning_while_scheduling_is_on(app_as):
    shown = texts(open_sleep(app_as))  # the demo clinician switched it on a week ago
    assert "Your bedtime plan" in shown
    assert "Go to bed no earlier than 23:54. Get up at 06:30 every day." in shown
    assert "goes up by 15 minutes" in shown and DRIVING in shown.lower()
    assert "Your care team's note: We agreed at your visit" in shown


def test_it_never_shows_a_bedtime_once_the_clinician_switched_scheduling_off(app_as):
    change_plan(
        actor=actor_for("demo-clinician"),
        patient_id=actor_for("demo-patient").patient_id,
        kind="sleep_scheduling_off",
        reason="Let's pause this until your sleep study.",
    )
    shown = texts(open_sleep(app_as))
    assert "Your bedtime plan" not in shown and "Go to bed no earlier" not in shown
    assert DRIVING not in shown.lower()
    assert "Habits that help sleep" in shown  # the diary and habits stay for everyone
