"""The admin pages: every text box has a length limit, and a 300-character time zone gets a clear
message, saves nothing and raises nothing (it used to crash with OSError: File name too long)."""

from datetime import date

from sqlmodel import func, select

from db.engine import read_session
from db.models import Clinic, Patient
from program.timezones import is_known_timezone

LONG = "America/" + "x" * 292
ADMIN_PAGES = (
    "pages/admin/users.py",
    "pages/admin/clinic.py",
    "pages/admin/audit.py",
    "pages/admin/sessions.py",
)


def field(at, label):
    return next(t for t in at.text_input if t.label == label)


def test_it_bounds_every_text_input_on_the_admin_pages(app_as):
    at = app_as("demo-admin")
    seen = 0
    for page in ADMIN_PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        for box in [*at.text_input, *at.text_area]:
            seen += 1
            assert box.max_chars and 0 < box.max_chars <= 400, (page, box.label, box.max_chars)
    assert seen > 15


def register(at, timezone: str, record: str) -> None:
    for label, value in {
        "Given name": "Nia",
        "Family name": "Brown",
        "Record number": record,
        "Time zone": timezone,
    }.items():
        field(at, label).input(value)
    next(d for d in at.date_input if d.label == "Date of birth").set_value(date(1979, 4, 2))
    next(b for b in at.button if b.label == "Register patient").click().run()


def saved_zones() -> set[str]:
    with read_session() as session:
        return set(session.exec(select(Patient.timezone)).all()) | {session.get(Clinic, 1).timezone}


def test_it_never_takes_a_300_character_time_zone_on_the_admin_forms(app_as):
    at = app_as("demo-admin")
    register(at, LONG, "R-9300")
    assert not at.exception
    assert len(field(at, "Time zone").value) <= 64
    at.switch_page("pages/admin/clinic.py").run()
    field(at, "Time zone").input(LONG)
    next(b for b in at.button if b.label == "Save contact card").click().run()
    assert not at.exception
    assert all(is_known_timezone(zone) for zone in saved_zones())


def test_it_refuses_an_unknown_time_zone_for_a_new_patient_clearly(app_as):
    at = app_as("demo-admin")
    with read_session() as session:
        before = session.exec(select(func.count()).select_from(Patient)).one()
    register(at, "America/" + "x" * 56, "R-9301")  # as long as the box allows
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Unknown time zone 'America/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'; "
        "use a name like America/Chicago."
    ]
    with read_session() as session:
        assert session.exec(select(func.count()).select_from(Patient)).one() == before
