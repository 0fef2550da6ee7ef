from dataclasses import fields
from datetime import date

import pytest
from sqlmodel import select

from db.access import AccessDenied
from db.actions import InvalidInput, update_clinic
from db.engine import read_session, write_session
from db.models import AuditEvent, CareTeamMember, Clinic
from db.queries import ClinicCard, care_team_for_patient, public_clinic_card
from tests.utils import actor_for, make_patient, make_user

GOOD = dict(
    name="Harbor Pain Clinic",
    phone="(617) 555-0142",
    after_hours_phone="617 555 0199",
    after_hours_label="Nurse line, after hours",
    timezone="America/Chicago",
    hours={"mon": [["08:00", "17:00"]], "tue": [["08:00", "12:00"], ["13:00", "17:00"]]},
    email="desk@example.org",
    address="1 Harbor Way",
)


@pytest.fixture
def admin(db):
    make_user("admin", ["admin"])
    return actor_for("admin")


def clinic_rows() -> list[Clinic]:
    with read_session() as session:
        return list(session.exec(select(Clinic)).all())


def test_it_saves_the_clinic_card_that_everyone_can_read_without_logging_in(admin):
    update_clinic(actor=admin, **GOOD)
    card = public_clinic_card()  # no actor: the login page has nobody logged in
    assert card.name == "Harbor Pain Clinic" and card.tel == "tel:+16175550142"
    assert card.after_hours_tel == "tel:+16175550199" and card.timezone == "America/Chicago"
    assert [(i.opens.hour, i.closes.hour) for i in card.hours["tue"]] == [(8, 12), (13, 17)]
    assert len(clinic_rows()) == 1
    update_clinic(actor=admin, **GOOD | {"name": "Harbor Clinic"})
    assert [c.name for c in clinic_rows()] == ["Harbor Clinic"]  # still one row


def test_it_gives_the_public_card_only_clinic_details():
    public = {f.name for f in fields(ClinicCard)}
    assert public == {
        "name",
        "phone",
        "tel",
        "after_hours_phone",
        "after_hours_tel",
        "after_hours_label",
        "timezone",
        "hours",
        "email",
        "address",
    }


def test_it_audits_each_change_of_the_clinic_card(admin):
    update_clinic(actor=admin, **GOOD)
    with read_session() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action == "update_clinic")).all()
    assert [(r.actor_username, r.outcome) for r in rows] == [("admin", "ok")]


@pytest.mark.parametrize("username,roles", [("coord", ["coordinator"]), ("clin", ["clinician"])])
def test_it_lets_only_admins_change_the_clinic_card(db, username, roles):
    make_user(username, roles)
    with pytest.raises(AccessDenied):
        update_clinic(actor=actor_for(username), **GOOD)
    assert clinic_rows() == []
    with read_session() as session:
        refused = session.exec(
            select(AuditEvent.outcome).where(AuditEvent.action == "update_clinic")
        ).all()
    assert refused == ["refused"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "Unknown time zone 'Mars/Olympus_Mons'"),
        ({"timezone": "EST5EDTX"}, "Unknown time zone"),
        ({"hours": {"mon": [["17:00", "08:00"]]}}, "Monday: the clinic must open before"),
        ({"hours": {"mon": [["8", "17:00"]]}}, "Monday: '8' is not a time"),
        ({"hours": {"someday": []}}, "Unknown weekday someday"),
        ({"phone": "call the desk"}, "The clinic phone: 'call the desk' is not a phone number"),
        ({"after_hours_phone": "12"}, "The after-hours phone"),
        ({"phone": ""}, "Please add the clinic phone"),
        ({"name": "  "}, "Please add the clinic name"),
        ({"name": "x" * 121}, "Please keep the clinic name under 120 characters"),
        ({"after_hours_label": "x" * 81}, "under 80 characters"),
        ({"email": "desk.example.org"}, "needs an @"),
    ],
)
def test_it_refuses_bad_clinic_details_clearly_and_saves_nothing(admin, change, message):
    update_clinic(actor=admin, **GOOD)
    with pytest.raises(InvalidInput, match=message):
        update_clinic(actor=admin, **GOOD | change | {"address": "Somewhere else"})
    assert [(c.name, c.address) for c in clinic_rows()] == [("Harbor Pain Clinic", "1 Harbor Way")]


def test_it_shows_a_patient_only_their_current_care_team(db, frozen):
    coord, clin = make_user("c1", ["coordinator"]), make_user("d1", ["clinician"])
    old = make_user("c0", ["coordinator"])
    make_patient("Ana", username="ana", coordinator=coord, clinician=clin)
    ana = actor_for("ana")
    with write_session() as session:
        session.add(
            CareTeamMember(
                patient_id=ana.patient_id,
                user_id=old.id,
                role="coordinator",
                from_date=date(2025, 1, 1),
                to_date=date(2026, 1, 31),  # handed over before today (2026-03-18)
            )
        )
    team = care_team_for_patient(actor=ana)
    assert (team.coordinators, team.clinicians) == (("C1",), ("D1",))
