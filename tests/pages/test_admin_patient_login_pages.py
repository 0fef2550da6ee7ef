"""Admin: give a patient registered without a login their login later; no bulk role choice."""

from datetime import date

from sqlmodel import select

from db.engine import read_session
from db.models import Patient, User

USERS = "pages/admin/users.py"


def fill(at, **labels: str) -> None:
    form = {t.label: t for t in at.text_input}
    for label, value in labels.items():
        form[label].input(value)


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def test_it_gives_a_patient_registered_without_a_login_a_new_login_later(app_as):
    at = app_as("demo-admin")
    fill(at, **{"Given name": "Nia", "Family name": "Brown", "Record number": "R-9100"})
    fill(at, **{"Time zone": "America/Chicago"})
    next(d for d in at.date_input if d.label == "Date of birth").set_value(date(1979, 4, 2))
    click(at, "Register patient")  # "Patient login" left at "None yet"
    assert any("registered" in s.value for s in at.success), [e.value for e in at.error]

    fill(at, Username="nia.brown", **{"Display name": "Nia Brown"})
    fill(at, **{"Temporary password": "meadow tractor violin 58"})
    next(s for s in at.selectbox if s.label == "Role").set_value("Patient")
    click(at, "Create user")
    assert any("created" in s.value for s in at.success), [e.value for e in at.error]

    with read_session() as session:
        nia_id = session.exec(select(Patient.id).where(Patient.record_number == "R-9100")).one()
        login_id = session.exec(select(User.id).where(User.username == "nia.brown")).one()
    who = next(s for s in at.selectbox if s.label == "Patient without a login")
    who.set_value((nia_id, "Nia Brown (R-9100)"))
    login = next(s for s in at.selectbox if s.label == "Patient login to give them")
    login.set_value((login_id, "nia.brown"))
    click(at, "Give this login")
    assert any("can now log in as nia.brown" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    with read_session() as session:
        assert session.get(Patient, nia_id).user_id == login_id
    assert "Nia Brown (R-9100)" not in [
        o for s in at.selectbox if s.label == "Patient without a login" for o in s.options
    ]


def test_it_offers_one_role_choice_and_never_patient_with_admin(app_as):
    at = app_as("demo-admin")
    assert not [m for m in at.multiselect if m.label.startswith("Role")]
    role = next(s for s in at.selectbox if s.label == "Role")
    assert "Patient" in role.options
    assert not [o for o in role.options if "Patient" in o and o != "Patient"]
    assert not [o for o in role.options if "patient" in o.lower() and "admin" in o.lower()]
