"""A lesson's check shows each patient the options in a stable order of their own (AppTest).

The demo patient Alex is in week 3 at FROZEN_NOW; "flares-pass" is open.
"""

from sqlmodel import select

from db.engine import read_session
from db.models import ModuleCompletion
from db.queries import lesson_for_patient
from program import wording as w
from program.lessons import option_orders
from tests.pages.conftest import login_as
from tests.utils import actor_for

SLUG = "flares-pass"


def open_check(at):
    at.query_params["lesson"] = SLUG
    return at.switch_page("pages/patient/learn.py").run()


def shown(at) -> list[list[str]]:
    return [list(radio.options) for radio in at.radio]


def test_it_shows_the_options_in_the_patients_own_order(app_as):
    at = open_check(app_as("demo-patient"))
    alex = actor_for("demo-patient")
    check = lesson_for_patient(actor=alex, slug=SLUG).check
    orders = option_orders(alex.patient_id, SLUG, check)
    assert shown(at) == [[q.options[i] for i in o] for q, o in zip(check, orders, strict=True)]
    assert shown(at) != [list(q.options) for q in check]  # not the order the lesson file has


def test_it_keeps_the_same_order_on_a_new_visit(app_as):
    first = shown(open_check(app_as("demo-patient")))
    again = shown(open_check(login_as("demo-patient", "recalibrate-demo")))
    assert first == again


def test_it_grades_the_option_chosen_not_its_place_on_screen(app_as):
    at = open_check(app_as("demo-patient"))
    alex = actor_for("demo-patient")
    check = lesson_for_patient(actor=alex, slug=SLUG).check
    orders = option_orders(alex.patient_id, SLUG, check)
    for radio, question, order in zip(at.radio, check, orders, strict=True):
        # The patient taps the place on screen where the right idea is written.
        place = list(radio.options).index(question.options[question.answer])
        radio.set_value(order[place])
    at.run()
    next(b for b in at.button if b.label == w.MARK_DONE).click().run()
    assert at.success[0].value == w.MARKED_DONE
    with read_session() as session:
        done = session.exec(
            select(ModuleCompletion).where(ModuleCompletion.patient_id == alex.patient_id)
        ).all()[-1]
    assert done.check_correct == done.check_total == 2
    assert done.check_answers == [q.answer for q in check]  # stored as the original options
