"""The clinic's contact card where patients need it, and the admin screen that edits it."""

from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, Clinic
from tests.pages.conftest import fresh_app, texts, unreachable

CLINIC_TEL = "tel:+16175550142"  # the demo clinic, (617) 555-0142


def call_links(at) -> dict[str, str]:
    return {e.proto.label: e.proto.url for e in at.get("link_button")}


def field(at, label):
    return next(t for t in at.text_input if t.label == label)


def saved_clinic() -> Clinic:
    with read_session() as session:
        return session.get(Clinic, 1)


def test_it_shows_the_clinic_phone_as_a_tap_to_call_button_on_get_help(app_as):
    at = app_as("demo-patient")
    at.switch_page("pages/patient/help.py").run()
    assert not at.exception
    assert call_links(at)["Call the clinic: (617) 555-0142"] == CLINIC_TEL
    shown = texts(at)
    assert "Riverside Pain Recovery Clinic" in shown
    assert "Mon–Fri 8:00 am – 5:00 pm" in shown and "(Eastern time)" in shown
    assert "Open now, until 5:00 pm (Eastern time)." in shown  # Wednesday 11:00 am in Boston
    assert "Nurse line, after hours" in shown and "tel:+16175550199" in shown


def test_it_tells_the_patient_who_their_coordinator_and_clinician_are(app_as):
    at = app_as("demo-patient")
    at.switch_page("pages/patient/help.py").run()
    assert "Your care coordinator: **Casey Morgan**" in texts(at)
    assert "Your clinician: **Dr. Jordan Lee**" in texts(at)
    at.switch_page("pages/shell/account.py").run()
    assert "Casey Morgan" in texts(at) and "Dr. Jordan Lee" in texts(at)


def test_it_gives_the_clinic_number_with_advice_to_call_the_clinic_in_the_check_in(app_as):
    at = app_as("demo-patient")
    question = "Anything new or different about your health since your last check-in?"
    next(w for w in at.get("button_group") if w.label == question).set_value("Yes").run()
    next(c for c in at.checkbox if c.label == "Fever or chills along with your pain").check().run()
    assert any("Please call your clinic today" in w.value for w in at.warning)
    assert call_links(at)["Call the clinic: (617) 555-0142"] == CLINIC_TEL


def test_it_shows_the_clinic_number_at_forgot_password_when_mail_is_not_set_up(demo_db, frozen):
    at = fresh_app().run()
    assert "Please call your clinic" in texts(at)
    assert call_links(at)["Call the clinic: (617) 555-0142"] == CLINIC_TEL
    assert "Riverside Pain Recovery Clinic" in texts(at)


def test_it_lets_an_admin_change_the_clinic_card(app_as):
    at = app_as("demo-admin")
    at.switch_page("pages/admin/clinic.py").run()
    assert not at.exception and field(at, "Clinic phone").value == "(617) 555-0142"
    field(at, "Clinic phone").input("(617) 555-0177")
    field(at, "Saturday").input("")
    next(b for b in at.button if b.label == "Save contact card").click().run()
    assert any("Saved" in s.value for s in at.success)
    clinic = saved_clinic()
    assert clinic.phone == "(617) 555-0177" and clinic.hours["sat"] == []
    assert call_links(at)["Call the clinic: (617) 555-0177"] == "tel:+16175550177"
    assert "Sat–Sun closed" in texts(at)
    with read_session() as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "update_clinic")).first()


def test_it_refuses_a_bad_time_zone_clearly_and_keeps_what_was_typed(app_as):
    at = app_as("demo-admin")
    at.switch_page("pages/admin/clinic.py").run()
    field(at, "Clinic phone").input("(617) 555-0177")
    field(at, "Time zone").input("Eastern")
    next(b for b in at.button if b.label == "Save contact card").click().run()
    assert [e.value for e in at.error] == [
        "Not saved. Unknown time zone 'Eastern'. Use a name from the time zone list, "
        "like America/New_York or America/Chicago."
    ]
    assert saved_clinic().phone == "(617) 555-0142" and saved_clinic().timezone == (
        "America/New_York"
    )
    assert field(at, "Time zone").value == "Eastern"
    assert field(at, "Clinic phone").value == "(617) 555-0177"


def test_it_refuses_bad_opening_hours_clearly_and_saves_nothing(app_as):
    at = app_as("demo-admin")
    at.switch_page("pages/admin/clinic.py").run()
    field(at, "Monday").input("17:00-08:00")
    next(b for b in at.button if b.label == "Save contact card").click().run()
    assert any(
        "Not saved. Monday: the clinic must open before it closes" in e.value for e in at.error
    )
    field(at, "Monday").input("8 to 5")
    next(b for b in at.button if b.label == "Save contact card").click().run()
    assert any("Monday: write each opening as start-end" in e.value for e in at.error)
    assert saved_clinic().hours["mon"] == [["08:00", "17:00"]]
    assert field(at, "Monday").value == "8 to 5"


def test_it_keeps_the_clinic_settings_for_admins_only(app_as):
    for username in ("demo-patient", "demo-coordinator", "demo-clinician"):
        assert unreachable(app_as(username), "pages/admin/clinic.py"), username
