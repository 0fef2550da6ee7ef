from datetime import date

import pytest
from sqlmodel import select

from core.settings import load_settings
from db.access import AccessDenied
from db.actions import (
    InvalidInput,
    create_user,
    enrol_patient,
    issue_temporary_password,
    register_patient,
    set_user_active,
)
from db.auth import authenticate
from db.engine import read_session, write_session
from db.models import AuditEvent, CareTeamMember, Enrolment, Patient, User
from db.queries import admin_overview, panel_for_staff, today_for_patient
from db.seed import ensure_program
from tests.utils import actor_for, make_user

TEMP = "river lantern copper 93"


@pytest.fixture
def admin(db, frozen):
    make_user("boss", ["admin"])
    make_user("coord", ["coordinator"])
    make_user("clin", ["clinician"])
    with write_session() as session:
        ensure_program(session)
    return actor_for("boss")


def test_it_creates_a_user_who_must_change_the_temporary_password(admin):
    create_user(
        actor=admin,
        username="New.Nurse",
        display_name="New Nurse",
        roles=["coordinator"],
        temporary_password=TEMP,
    )
    with read_session() as session:
        user = session.exec(select(User).where(User.username == "new.nurse")).one()
    assert user.must_change_password and user.roles == ["coordinator"]
    assert authenticate(
        username="new.nurse", password=TEMP, settings=load_settings({"RECALIBRATE_ENV": "test"})
    ).ok


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"username": "x"}, "Usernames"),
        ({"roles": []}, "role"),
        ({"roles": ["wizard"]}, "Unknown role"),
        ({"temporary_password": "short"}, "12 characters"),
        ({"temporary_password": "password1234"}, "too easy"),
        ({"email": "not-an-email"}, "e-mail"),
    ],
)
def test_it_rejects_bad_user_input_with_a_clear_message(admin, kwargs, message):
    base = dict(
        username="newbie", display_name="Newbie", roles=["clinician"], temporary_password=TEMP
    )
    with pytest.raises(InvalidInput, match=message):
        create_user(actor=admin, **{**base, **kwargs})


def test_it_refuses_a_duplicate_username(admin):
    with pytest.raises(InvalidInput, match="taken"):
        create_user(
            actor=admin,
            username="coord",
            display_name="C",
            roles=["clinician"],
            temporary_password=TEMP,
        )


@pytest.mark.parametrize("look_alike", ["demo-admin", "demo_admin", "DemoAdmin", "d.e.m.o.admin"])
def test_it_refuses_a_username_that_only_differs_by_dots_dashes_or_underscores(admin, look_alike):
    make_user("demo.admin", ["admin"])
    with pytest.raises(InvalidInput, match="too like 'demo.admin'"):
        create_user(
            actor=admin,
            username=look_alike,
            display_name="Someone Else",
            roles=["coordinator"],
            temporary_password=TEMP,
        )
    with read_session() as session:
        assert session.exec(select(User).where(User.display_name == "Someone Else")).all() == []
    create_user(  # a clearly different name is fine
        actor=admin,
        username="demo.admin2",
        display_name="Someone Else",
        roles=["coordinator"],
        temporary_password=TEMP,
    )


def test_it_registers_and_enrols_a_patient_who_then_starts_with_the_baseline(admin):
    create_user(
        actor=admin,
        username="newpat",
        display_name="New Pat",
        roles=["patient"],
        temporary_password=TEMP,
    )
    overview = admin_overview(actor=admin)
    login_id = overview.patient_logins[0][0]
    patient = register_patient(
        actor=admin,
        given_name="New",
        family_name="Pat",
        date_of_birth=date(1990, 2, 3),
        record_number="R-1",
        timezone="Europe/Berlin",
        phone="555",
        user_id=login_id,
    )
    enrol_patient(
        actor=admin,
        patient_id=patient.id,
        program_slug="recalibrate-12",
        start_date=date(2026, 3, 18),
        coordinator_id=actor_for("coord").user_id,
        clinician_id=actor_for("clin").user_id,
    )
    today = today_for_patient(actor=actor_for("newpat"))
    assert today.plan.week == 0 and today.plan.this_week() == []  # week 1 begins after the baseline
    panel = panel_for_staff(actor=actor_for("coord"))
    assert panel["name"].tolist() == ["New Pat"] and panel.loc[0, "status"] == "baseline"
    with read_session() as session:
        assert (
            len(
                session.exec(
                    select(CareTeamMember).where(CareTeamMember.patient_id == patient.id)
                ).all()
            )
            == 2
        )


def test_it_rejects_an_unknown_time_zone_and_saves_nothing(admin):
    with pytest.raises(InvalidInput, match="time zone"):
        register_patient(
            actor=admin,
            given_name="A",
            family_name="B",
            date_of_birth=date(1990, 1, 1),
            record_number="R-2",
            timezone="Mars/Olympus",
        )
    with read_session() as session:
        assert session.exec(select(Patient)).all() == []


def test_it_refuses_enrolment_with_a_non_clinician_as_clinician(admin):
    patient = register_patient(
        actor=admin,
        given_name="A",
        family_name="B",
        date_of_birth=date(1990, 1, 1),
        record_number="R-3",
        timezone="UTC",
    )
    with pytest.raises(InvalidInput, match="clinician"):
        enrol_patient(
            actor=admin,
            patient_id=patient.id,
            program_slug="recalibrate-12",
            start_date=date(2026, 3, 1),
            coordinator_id=actor_for("coord").user_id,
            clinician_id=actor_for("coord").user_id,
        )


@pytest.mark.parametrize("who", ["coord", "clin"])
def test_it_refuses_user_management_to_staff(admin, who):
    with pytest.raises(AccessDenied):
        create_user(
            actor=actor_for(who),
            username="sneaky",
            display_name="S",
            roles=["admin"],
            temporary_password=TEMP,
        )
    with pytest.raises(AccessDenied):
        admin_overview(actor=actor_for(who))


def test_it_never_lets_an_admin_disable_their_own_account(admin):
    with pytest.raises(InvalidInput, match="your own account"):
        set_user_active(actor=admin, user_id=admin.user_id, active=False)
    with read_session() as session:
        assert session.get(User, admin.user_id).active
    other = actor_for("coord").user_id
    assert not set_user_active(actor=admin, user_id=other, active=False).active


def register(admin, **changes):
    fields = dict(
        given_name="Ana",
        family_name="Test",
        date_of_birth=date(1980, 1, 1),
        record_number="R-9",
        timezone="America/New_York",
    )
    return register_patient(actor=admin, **(fields | changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_of_birth": date(2026, 3, 19)}, "real date of birth"),  # tomorrow
        # Before 1900 or not a date at all: refused at the edge (db/actions/arguments.py).
        ({"date_of_birth": date(1850, 6, 1)}, "date of birth"),
        ({"date_of_birth": "1980-01-01"}, "date of birth"),
        ({"record_number": "R-1"}, "record number already exists"),
        ({"user_id": "linked"}, "already belongs to another patient"),
        ({"user_id": "staff"}, "patient role"),
    ],
)
def test_it_refuses_a_registration_that_cannot_be_right_and_saves_nothing(admin, changes, message):
    make_user("pat1", ["patient"])
    register(admin, record_number="R-1", user_id=actor_for("pat1").user_id)
    logins = {"linked": actor_for("pat1").user_id, "staff": actor_for("clin").user_id}
    if "user_id" in changes:
        changes = {"user_id": logins[changes["user_id"]]}
    with pytest.raises(InvalidInput, match=message):
        register(admin, **changes)
    with read_session() as session:
        assert [p.record_number for p in session.exec(select(Patient))] == ["R-1"]


def test_it_refuses_to_enrol_someone_already_enrolled(admin):
    patient = register(admin)
    enrol = dict(
        actor=admin,
        patient_id=patient.id,
        program_slug="recalibrate-12",
        start_date=date(2026, 3, 18),
        coordinator_id=actor_for("coord").user_id,
        clinician_id=actor_for("clin").user_id,
    )
    enrol_patient(**enrol)
    with pytest.raises(InvalidInput, match="already enrolled"):
        enrol_patient(**(enrol | {"start_date": date(2026, 4, 1)}))
    with read_session() as session:
        assert [e.start_date for e in session.exec(select(Enrolment))] == [date(2026, 3, 18)]
        assert len(session.exec(select(CareTeamMember)).all()) == 2


def test_it_names_every_grant_of_clinical_access_in_the_audit_trail(admin):
    create_user(
        actor=admin,
        username="wide.doc",
        display_name="Wide Doc",
        roles=["clinician"],
        temporary_password=TEMP,
        clinic_wide=True,
    )
    # Before a second admin exists (with one, this would wait for approval: test_admin_approval).
    issue_temporary_password(actor=admin, user_id=actor_for("coord").user_id)
    create_user(  # an admin-only login reaches no clinical data: no clinical grant to name
        actor=admin,
        username="second.admin",
        display_name="Second Admin",
        roles=["admin"],
        temporary_password=TEMP,
    )
    with read_session() as session:
        events = session.exec(
            select(AuditEvent).where(
                AuditEvent.action.in_(["grant_clinical_access", "temporary_password_for_staff"])
            )
        ).all()
    wide_id = actor_for("wide.doc").user_id
    coord_id = actor_for("coord").user_id
    assert [(e.action, e.actor_username, e.detail) for e in events] == [
        (
            "grant_clinical_access",
            "boss",
            f"user {wide_id} (wide.doc); roles: clinician; clinic-wide: yes",
        ),
        (
            "temporary_password_for_staff",
            "boss",
            f"user {coord_id} (coord); roles: coordinator; clinic-wide: no",
        ),
    ]
