"""The daily check-in on Today keeps what the patient chose, and only that (issue 7, items 6-8, 12, 14).

AppTest through the real app.py; the demo patient Alex at FROZEN_NOW (week 3) and a new patient,
Bea, in her baseline week.
"""

from sqlmodel import select

from db.actions import give_consent, record_check_in
from db.engine import read_session
from db.models import CheckIn, CheckInDraft, Patient
from db.queries import lessons_for_patient
from program import wording as w
from program.onboarding import CONSENT_VERSION
from tests.pages.conftest import login_as, texts
from tests.utils import actor_for, rows
from tests.utils.onboarding import baseline_patient
from tests.utils.screens import PAIN, answer_check_in, segmented

QUESTIONS = {
    PAIN: 6,
    "How did you sleep last night?": 2,
    "How is your mood today?": 4,
    "How stressed do you feel?": 5,
    "Are you having a flare today?": "Yes",
    "Any change in your medicines?": "Yes",
    "Anything new or different about your health since your last check-in?": "No",
}
NOTE = "What changed? Your care team will read this."
SLEEP = "How did you sleep last night?"
FLARE = "Are you having a flare today?"


def save(at):
    next(b for b in at.button if b.label == "Save check-in").click().run()
    return at


def shown_answers(at) -> dict:
    return {label: segmented(at, label).value for label in QUESTIONS}


def alex_check_ins():
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        return session.exec(select(CheckIn).where(CheckIn.patient_id == alex.id)).all()


def check_in_elsewhere(username: str = "demo-patient") -> None:
    """The patient checks in from another device (a laptop) while Today is open on the phone."""
    record_check_in(
        actor=actor_for(username),
        pain=6,
        sleep_quality=2,
        mood=4,
        stress=5,
        flare=True,
        medicines_changed=True,
        medicines_note="New dose of my sleep tablet",
        anything_new=False,
    )


# --- item 6: saved answers are always shown ----------------------------------------------------


def test_it_shows_every_saved_answer_when_today_is_opened_again(app_as):
    check_in_elsewhere()
    at = app_as("demo-patient")
    assert w.CHECKED_IN_TODAY in texts(at)
    assert shown_answers(at) == QUESTIONS
    assert next(t for t in at.text_area if t.label == NOTE).value == "New dose of my sleep tablet"


def test_it_shows_saved_answers_in_a_session_opened_before_the_check_in(app_as):
    at = app_as("demo-patient")  # Today open, nothing answered yet
    assert all(value is None for value in shown_answers(at).values())
    check_in_elsewhere()
    at.run()
    assert shown_answers(at) == QUESTIONS
    save(at)  # saving again is not refused
    assert not at.error and w.CHECK_IN_SAVED in texts(at)


def test_it_keeps_saved_answers_when_a_rerun_sends_them_blank(app_as):
    # The cookie manager's first-load rerun can send the answer buttons' state back empty.
    check_in_elsewhere()
    at = app_as("demo-patient")
    for label in QUESTIONS:
        segmented(at, label).set_value(None)
    at.run()
    assert shown_answers(at) == QUESTIONS
    save(at)
    assert not at.error and w.CHECK_IN_SAVED in texts(at)


def test_it_sends_the_saved_answers_to_the_phone_again_on_every_run(app_as):
    # A phone can draw the answers blank during the login's first runs (seen in Chromium in 1 of 4
    # fresh logins) while the server still holds them: each run must send them to the browser again.
    check_in_elsewhere()
    at = app_as("demo-patient")
    for _ in range(2):
        at.run()
        for label, value in QUESTIONS.items():
            widget = segmented(at, label)
            assert widget.proto.set_value and widget.value == value, label


# --- item 7: a second tap keeps the answer -----------------------------------------------------


def test_it_keeps_an_answer_tapped_a_second_time(app_as):
    at = answer_check_in(app_as("demo-patient"))
    sleep = "How did you sleep last night?"
    assert segmented(at, sleep).value == 4
    segmented(at, sleep).set_value(None).run()  # a second tap on "Good" clears the control
    assert segmented(at, sleep).value == 4
    before = len(alex_check_ins())
    save(at)
    assert not at.error and len(alex_check_ins()) == before + 1
    assert alex_check_ins()[-1].sleep_quality == 4


# --- item 8: nothing pre-filled, nothing invented ----------------------------------------------


def test_it_asks_for_pain_instead_of_recording_a_five(app_as):
    at = app_as("demo-patient")
    assert segmented(at, PAIN).value is None
    for label, value in QUESTIONS.items():
        if label != PAIN:
            segmented(at, label).set_value(value)
    before = len(alex_check_ins())
    save(at.run())
    assert [e.value for e in at.error] == [w.please_answer(["pain"])]
    assert len(alex_check_ins()) == before


# --- item 12: baseline steps count the check-in at once ----------------------------------------


def test_it_counts_a_baseline_check_in_as_soon_as_it_is_saved(db, frozen):
    give_consent(actor=baseline_patient("Bea", username="bea"), version=CONSENT_VERSION)
    at = login_as("bea")
    assert "0 of 3 days done" in texts(at)
    save(answer_check_in(at))
    shown = texts(at)
    assert w.CHECK_IN_SAVED in shown
    assert "1 of 3 days done" in shown and "0 of 3 days done" not in shown


# --- item 14: the way to the check-in, and the way on after a lesson ---------------------------


def test_it_offers_a_check_in_now_link_that_jumps_to_the_check_in(app_as):
    at = app_as("demo-patient")
    shown = texts(at)
    assert f"[{w.CHECK_IN_NOW}](#{w.CHECK_IN_ANCHOR})" in shown
    assert "end of this page" not in shown
    assert any(h.proto.anchor == w.CHECK_IN_ANCHOR for h in at.header)
    save(answer_check_in(at))
    assert w.CHECK_IN_NOW not in texts(at)  # done: no call to action


def test_it_offers_the_next_lesson_and_today_after_mark_as_done(app_as):
    at = app_as("demo-patient")
    to_do = [
        x
        for x in lessons_for_patient(actor=actor_for("demo-patient")).lessons
        if x.openable and not x.done
    ]
    assert len(to_do) >= 2  # one to finish now, one still to do after it
    at.query_params["lesson"] = to_do[0].slug
    at.switch_page("pages/patient/learn.py").run()
    for radio in at.radio:
        radio.set_value(0)
    next(b for b in at.run().button if b.label == w.MARK_DONE).click().run()
    assert w.MARKED_DONE in texts(at)
    assert w.BACK_TO_TODAY in [link.label for link in at.get("page_link")]
    following = [b for b in at.button if b.label.startswith(w.NEXT_LESSON)]
    assert len(following) == 1
    following[0].click().run()
    assert at.query_params["lesson"] != [to_do[0].slug]
    assert at.title[0].value == following[0].label.removeprefix(f"{w.NEXT_LESSON}: ")


def test_it_gives_get_help_a_help_icon_not_an_asterisk(app_as):
    at = app_as("demo-patient")
    icons = {link.label: link.proto.icon for link in at.get("page_link")}
    assert icons["Get help"] == ":material/sos:"
    assert icons["Get help now"] == ":material/sos:"
    # The help screen's own emergency box: Material's "emergency" glyph draws as an asterisk.
    at.switch_page("pages/patient/help.py").run()
    assert [box.proto.icon for box in at.error] == [":material/sos:"]


# --- issue 9: answers so far survive a locked phone or a dropped connection ---------------------


def test_it_shows_answers_so_far_in_a_new_session_after_the_phone_was_locked(app_as):
    at = app_as("demo-patient")
    for label in (PAIN, SLEEP, FLARE):
        segmented(at, label).set_value(QUESTIONS[label]).run()
    # The phone locks, the connection drops: a NEW session for the same patient.
    again = app_as("demo-patient")
    assert shown_answers(again) == {
        label: QUESTIONS[label] if label in (PAIN, SLEEP, FLARE) else None for label in QUESTIONS
    }
    for label, value in QUESTIONS.items():  # the rest, then save: the draft has done its job
        segmented(again, label).set_value(value).run()
    next(t for t in again.text_area if t.label == NOTE).input("New dose").run()
    save(again)
    assert w.CHECK_IN_SAVED in texts(again)
    assert rows(CheckInDraft) == []
    assert alex_check_ins()[-1].pain == 6 and alex_check_ins()[-1].medicines_note == "New dose"


def test_it_keeps_a_pain_of_zero_and_a_no_as_answers_so_far(app_as):
    at = app_as("demo-patient")
    segmented(at, PAIN).set_value(0).run()
    segmented(at, FLARE).set_value("No").run()
    again = app_as("demo-patient")
    assert segmented(again, PAIN).value == 0 and segmented(again, FLARE).value == "No"
