from sqlmodel import select

from db.engine import read_session
from db.models import CheckIn, Flag, Patient
from tests.pages.conftest import texts, unreachable
from tests.utils.screens import answer_check_in


def demo_patient_rows(model):
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        return session.exec(select(model).where(model.patient_id == alex.id)).all()


def test_it_shows_week_and_this_weeks_steps_on_today(app_as):
    at = app_as("demo-patient")
    assert not at.exception
    shown = texts(at)
    assert "Week 3 of 12" in shown and "Today's steps" in shown
    assert "not watched around the clock" in shown


def test_it_saves_the_daily_check_in(app_as):
    at = answer_check_in(app_as("demo-patient"))
    before = len(demo_patient_rows(CheckIn))
    next(b for b in at.button if b.label == "Save check-in").click().run()
    assert "Your check-in is saved" in texts(at)
    rows = demo_patient_rows(CheckIn)
    assert len(rows) == before + 1 and rows[-1].pain == 3 and rows[-1].sleep_quality == 4


def test_it_asks_for_missing_answers_instead_of_saving(app_as):
    at = app_as("demo-patient")
    before = len(demo_patient_rows(CheckIn))
    next(b for b in at.button if b.label == "Save check-in").click().run()
    assert any("Please answer" in e.value for e in at.error)
    assert len(demo_patient_rows(CheckIn)) == before


def test_it_shows_emergency_steps_as_soon_as_a_sign_is_ticked_and_flags_it(app_as):
    at = answer_check_in(app_as("demo-patient"), new="Yes")
    next(c for c in at.checkbox if c.label == "Chest pain or pressure").check().run()
    assert any("Please get emergency help now" in e.value and "911" in e.value for e in at.error)
    next(b for b in at.button if b.label == "Save check-in").click().run()
    # (The demo also seeds a mood flag for the follow-up prompt: only warning-sign flags here.)
    signs = [f for f in demo_patient_rows(Flag) if f.rule == "warning_sign"]
    assert [(f.severity, f.status) for f in signs] == [("emergency", "open")]


def test_it_keeps_the_warning_checklist_closed_until_yes(app_as):
    at = answer_check_in(app_as("demo-patient"), new="No")
    assert not [c for c in at.checkbox if c.label == "Chest pain or pressure"]


def test_it_keeps_patients_out_of_staff_pages(app_as):
    at = app_as("demo-patient")
    for page in (
        "pages/care/panel.py",
        "pages/care/flags.py",
        "pages/care/plan.py",
        "pages/admin/users.py",
    ):
        assert unreachable(at, page), page


def test_it_shows_help_now_with_911_and_988(app_as):
    at = app_as("demo-patient")
    at.switch_page("pages/patient/help.py").run()
    shown = texts(at)
    assert "911" in shown and "988" in shown and "not watched around the clock" in shown
