"""One real screen flow per role with the app on PostgreSQL (the rest of tests/pages runs on SQLite).

The database tests run on both engines; these check that the pages on top of them (reads, writes,
the audit chain) work unchanged when a clinic points DATABASE_URL at PostgreSQL.
"""

import pytest
from sqlmodel import select

from db.audit import verify
from db.engine import get_engine, read_session
from db.models import AuditEvent, CheckIn, Clinic, Flag, Patient
from tests.pages.conftest import texts
from tests.utils.screens import answer_check_in, panel_cards

pytestmark = pytest.mark.engines("postgresql")


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_it_runs_on_postgresql(demo_db):
    assert get_engine().dialect.name == "postgresql"


def test_it_saves_a_patients_check_in_with_a_warning_sign_on_postgresql(app_as):
    at = app_as("demo-patient")
    assert not at.exception and "Week 3 of 12" in texts(at)
    answer_check_in(at, pain=3, new="Yes")
    next(c for c in at.checkbox if c.label == "Chest pain or pressure").check().run()
    button(at, "Save check-in").click().run()
    assert not at.exception and "Your check-in is saved" in texts(at)
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        newest = session.exec(
            select(CheckIn).where(CheckIn.patient_id == alex.id).order_by(CheckIn.local_date.desc())
        ).first()
        flags = session.exec(select(Flag).where(Flag.patient_id == alex.id)).all()
    assert newest.warning_signs == ["chest_pain"] and newest.pain == 3
    signs = [f for f in flags if f.rule == "warning_sign"]  # the demo also seeds a mood flag
    assert [f.severity for f in signs if f.status == "open"] == ["emergency"]


def test_it_lets_a_coordinator_resolve_a_flag_on_postgresql(app_as):
    at = app_as("demo-coordinator")
    assert not at.exception
    cards = panel_cards(at)
    assert len(cards) == 7 and cards[0] == "Grace Okafor (DEMO-0004)"
    at.switch_page("pages/care/flags.py").run()
    with read_session() as session:
        flag = session.exec(select(Flag).where(Flag.rule == "warning_sign")).one()
    at.text_area(key=f"flag-note-{flag.id}").input("Spoke with Grace; GP seeing her today.")
    next(
        b for b in at.button if b.label == "Resolve" and b.proto.form_id == f"flag-{flag.id}"
    ).click().run()
    with read_session() as session:
        assert session.get(Flag, flag.id).status == "resolved"
        assert verify(session) == []


def test_it_shows_a_clinician_the_plan_page_on_postgresql(app_as):
    at = app_as("demo-clinician")
    assert not at.exception and len(panel_cards(at)) > 0
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
    at.query_params["patient"] = str(alex.id)
    at.switch_page("pages/care/plan.py").run()
    assert not at.exception and "Alex Rivera" in texts(at)
    assert at.selectbox and button(at, "Save change")


def test_it_lets_an_admin_change_the_clinic_card_on_postgresql(app_as):
    at = app_as("demo-admin")
    at.switch_page("pages/admin/clinic.py").run()
    phone = next(t for t in at.text_input if t.label == "Clinic phone")
    assert not at.exception and phone.value == "(617) 555-0142"
    phone.input("(617) 555-0177")
    button(at, "Save contact card").click().run()
    assert any("Saved" in s.value for s in at.success)
    with read_session() as session:
        assert session.get(Clinic, 1).phone == "(617) 555-0177"
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "update_clinic")).first()
        assert verify(session) == []
