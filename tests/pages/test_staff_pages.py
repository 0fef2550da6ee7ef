from datetime import date

import pytest
from sqlmodel import select

from db.access import AccessDenied
from db.actions import change_plan
from db.engine import read_session
from db.models import Enrolment, Flag, Patient, PlanEvent, User
from db.queries import patients_for_staff, today_for_patient
from tests.pages.conftest import texts, unreachable
from tests.utils import actor_for
from tests.utils.screens import panel_cards


def test_it_shows_the_coordinators_panel_most_severe_first(app_as):
    at = app_as("demo-coordinator")
    assert not at.exception
    cards = panel_cards(at)
    assert len(cards) == 7 and cards[0] == "Grace Okafor (DEMO-0004)"


def test_it_lets_the_coordinator_resolve_a_flag_with_a_note(app_as):
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    with read_session() as session:
        flag = session.exec(select(Flag).where(Flag.rule == "warning_sign")).one()
    at.text_area(key=f"flag-note-{flag.id}").input("Spoke with Grace; GP seeing her today.")
    resolve = next(
        b for b in at.button if b.label == "Resolve" and b.proto.form_id == f"flag-{flag.id}"
    )
    resolve.click().run()
    with read_session() as session:
        saved = session.get(Flag, flag.id)
    assert saved.status == "resolved" and saved.resolution_note.startswith("Spoke with Grace")


def test_it_refuses_to_resolve_without_a_note(app_as):
    at = app_as("demo-coordinator")
    at.switch_page("pages/care/flags.py").run()
    next(b for b in at.button if b.label == "Resolve").click().run()
    assert any("Please add" in e.value for e in at.error)
    with read_session() as session:
        assert all(f.status == "open" for f in session.exec(select(Flag)))


def test_it_lets_the_clinician_hold_a_module_that_the_patient_then_sees_as_paused(app_as):
    at = app_as("demo-clinician")
    choice = next(
        p
        for p in patients_for_staff(actor=actor_for("demo-clinician"), role="clinician")
        if p.name == "Alex Rivera"
    )
    at.query_params["patient"] = str(choice.id)
    at.switch_page("pages/care/plan.py").run()
    assert not at.exception
    alex = actor_for("demo-patient")
    module = today_for_patient(actor=alex).plan.this_week()[0].module
    module_box = next(s for s in at.selectbox if s.label == "Module")
    module_box.set_value(module.id)
    next(r for r in at.radio if r.label == "Change").set_value("hold")
    next(t for t in at.text_area if t.label.startswith("Reason")).input(
        "we will go over this at your visit"
    )
    next(b for b in at.button if b.label == "Save change").click().run()
    assert not at.exception
    plan = today_for_patient(actor=alex).plan
    assert [(m.module.id, m.reason) for m in plan.held()] == [
        (module.id, "we will go over this at your visit")
    ]
    patient_view = app_as("demo-patient")
    assert (
        f"Your care team paused “{module.title}” because: we will go over this at your visit"
        in texts(patient_view)
    )


def test_it_keeps_coordinators_off_the_plan_and_admin_pages(app_as):
    at = app_as("demo-coordinator")
    for page in ("pages/care/plan.py", "pages/admin/users.py", "pages/patient/today.py"):
        assert unreachable(at, page), page
    patient = patients_for_staff(actor=actor_for("demo-coordinator"), role="coordinator")[0]
    with read_session() as session:
        before = len(session.exec(select(PlanEvent)).all())
    with pytest.raises(AccessDenied):
        change_plan(
            actor=actor_for("demo-coordinator"),
            patient_id=patient.id,
            kind="pause",
            reason="Away for a week.",
        )
    with read_session() as session:
        assert len(session.exec(select(PlanEvent)).all()) == before


def test_it_lets_the_admin_create_a_user_register_and_enrol_a_patient(app_as):
    at = app_as("demo-admin")
    assert not at.exception
    form = {t.label: t for t in at.text_input}
    form["Username"].input("new-patient")
    form["Display name"].input("Nia Brown")
    form["Temporary password"].input("meadow tractor violin 58")
    next(m for m in at.selectbox if m.label == "Role").set_value("Patient")
    next(b for b in at.button if b.label == "Create user").click().run()
    assert any("created" in s.value for s in at.success), [e.value for e in at.error]

    form = {t.label: t for t in at.text_input}
    form["Given name"].input("Nia")
    form["Family name"].input("Brown")
    form["Record number"].input("R-9000")
    form["Time zone"].input("America/Chicago")
    next(d for d in at.date_input if d.label == "Date of birth").set_value(date(1979, 4, 2))
    login_box = next(s for s in at.selectbox if s.label == "Patient login")
    with read_session() as session:
        new_id = session.exec(select(User.id).where(User.username == "new-patient")).one()
    login_box.set_value((new_id, "new-patient"))
    next(b for b in at.button if b.label == "Register patient").click().run()
    assert any("registered" in s.value for s in at.success), [e.value for e in at.error]

    next(b for b in at.button if b.label == "Enrol").click().run()
    assert any("enrolled" in s.value for s in at.success), [e.value for e in at.error]
    with read_session() as session:
        nia = session.exec(select(Patient).where(Patient.record_number == "R-9000")).one()
        user = session.exec(select(User).where(User.username == "new-patient")).one()
        assert nia.user_id == user.id and user.must_change_password
        assert (
            session.exec(select(Enrolment).where(Enrolment.patient_id == nia.id)).one().status
            == "active"
        )


def test_it_keeps_admins_out_of_clinical_pages(app_as):
    at = app_as("demo-admin")
    for page in (
        "pages/care/panel.py",
        "pages/care/flags.py",
        "pages/care/plan.py",
    ):
        assert unreachable(at, page), page
