"""Today: ticked warning signs reach the care team even when the other questions are unanswered."""

from sqlmodel import select

from db.engine import get_engine, read_session
from db.models import CheckIn, Flag, Patient, WarningSignReport
from tests.pages.conftest import texts

ANYTHING_NEW = "Anything new or different about your health since your last check-in?"


def demo_patient_rows(model):
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        return session.exec(select(model).where(model.patient_id == alex.id)).all()


def sign_flags():
    """The demo patient's warning-sign flags (the demo also seeds a mood flag for its prompt)."""
    return [f for f in demo_patient_rows(Flag) if f.rule in ("warning_sign", "self_harm_sign")]


def tick_chest_pain_only(at):
    """'Anything new = Yes' and chest pain ticked; every other question left blank."""
    next(w for w in at.get("button_group") if w.label == ANYTHING_NEW).set_value("Yes")
    at.run()
    next(c for c in at.checkbox if c.label == "Chest pain or pressure").check().run()
    return at


def press(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def test_it_sends_a_ticked_sign_with_the_other_questions_unanswered(app_as):
    at = tick_chest_pain_only(app_as("demo-patient"))
    check_ins = len(demo_patient_rows(CheckIn))

    press(at, "Save check-in")  # the check-in still needs every answer...
    assert any("Please answer" in e.value for e in at.error)
    assert any("not been sent yet" in e.value for e in at.warning)
    assert sign_flags() == []

    press(at, "Send to my care team")  # ...but the warning sign goes on its own
    success = " ".join(s.value for s in at.success)
    assert "warning signs are saved" in success and "during clinic hours" in success
    assert "Nobody is watching the app right now" in success
    assert "What to do now" in texts(at)
    assert any("Call 911" in e.value for e in at.error)
    assert [(f.severity, f.status) for f in sign_flags()] == [("emergency", "open")]
    assert [r.signs for r in demo_patient_rows(WarningSignReport)] == [["chest_pain"]]
    assert len(demo_patient_rows(CheckIn)) == check_ins  # a report is not a check-in


def test_it_says_plainly_that_the_signs_were_not_sent_when_saving_fails(app_as):
    at = tick_chest_pain_only(app_as("demo-patient"))
    with get_engine().begin() as conn:  # a real failure: the table is gone from the file
        conn.exec_driver_sql("DROP TABLE warningsignreport")

    press(at, "Send to my care team")
    error = " ".join(e.value for e in at.error)
    assert "were NOT sent" in error and "call your clinic" in error
    assert "911" in error and "988" in error
    assert not at.success
    assert sign_flags() == []  # the flag was rolled back with the report
