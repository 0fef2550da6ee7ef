"""Admin: a patient registered without a login gets one later; roles never mix patient and staff."""

from datetime import date

import pytest
from sqlmodel import select

from core.settings import load_settings
from db.actions import InvalidInput, create_user, link_patient_login, register_patient
from db.auth import authenticate
from db.engine import read_session
from db.models import AuditEvent, Patient
from db.queries import today_for_patient
from tests.utils import actor_for, make_patient, make_user

TEMP = "river lantern copper 93"


@pytest.fixture
def admin(db, frozen):
    make_user("boss", ["admin"])
    return actor_for("boss")


def no_login_patient(admin, record: str = "R-100") -> Patient:
    return register_patient(
        actor=admin,
        given_name="Nia",
        family_name="Brown",
        date_of_birth=date(1979, 4, 2),
        record_number=record,
        timezone="America/Chicago",
    )


def test_it_links_a_new_patient_login_to_a_patient_registered_without_one(admin):
    patient = no_login_patient(admin)
    user = create_user(
        actor=admin,
        username="nia",
        display_name="Nia Brown",
        roles=["patient"],
        temporary_password=TEMP,
    )
    link_patient_login(actor=admin, patient_id=patient.id, user_id=user.id)
    with read_session() as session:
        assert session.get(Patient, patient.id).user_id == user.id
        audit = session.exec(
            select(AuditEvent).where(AuditEvent.action == "link_patient_login")
        ).one()
        assert audit.patient_id == patient.id and audit.outcome == "ok"
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    assert authenticate(username="nia", password=TEMP, settings=settings).ok
    assert actor_for("nia").patient_id == patient.id
    assert today_for_patient(actor=actor_for("nia")).patient_name == "Nia"


@pytest.mark.parametrize(
    "roles,message",
    [
        (["coordinator"], "patient role"),
        (["patient", "clinician"], "cannot also be staff"),
        (["patient", "admin"], "cannot also be staff"),
    ],
)
def test_it_refuses_to_link_a_login_that_is_not_patient_only(admin, roles, message):
    patient = no_login_patient(admin)
    user = make_user("mixed", roles)
    with pytest.raises(InvalidInput, match=message):
        link_patient_login(actor=admin, patient_id=patient.id, user_id=user.id)
    with read_session() as session:
        assert session.get(Patient, patient.id).user_id is None


def test_it_refuses_a_login_that_already_belongs_to_another_patient(admin):
    taken = make_patient("Ana", username="ana")
    patient = no_login_patient(admin)
    with pytest.raises(InvalidInput, match="already belongs to another patient"):
        link_patient_login(actor=admin, patient_id=patient.id, user_id=taken.user_id)


def test_it_refuses_to_replace_the_login_of_a_patient_who_has_one(admin):
    ana = make_patient("Ana", username="ana")
    spare = make_user("spare", ["patient"])
    with pytest.raises(InvalidInput, match="already has a login"):
        link_patient_login(actor=admin, patient_id=ana.id, user_id=spare.id)
    with read_session() as session:
        assert session.get(Patient, ana.id).user_id == ana.user_id


def test_it_refuses_a_patient_and_staff_role_mix_when_registering_with_a_login(admin):
    mixed = make_user("mixed", ["patient", "coordinator"])
    with pytest.raises(InvalidInput, match="cannot also be staff"):
        register_patient(
            actor=admin,
            given_name="Mo",
            family_name="Lee",
            date_of_birth=date(1980, 1, 1),
            record_number="R-200",
            timezone="UTC",
            user_id=mixed.id,
        )


@pytest.mark.parametrize("staff_role", ["coordinator", "clinician", "admin"])
def test_it_refuses_a_new_login_that_is_both_patient_and_staff(admin, staff_role):
    with pytest.raises(InvalidInput, match="cannot also be staff or admin"):
        create_user(
            actor=admin,
            username="both",
            display_name="Both Roles",
            roles=["patient", staff_role],
            temporary_password=TEMP,
        )
    with read_session() as session:
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.action == "create_user")).all() == []
        )
