"""Record-level rules in db/access.py: which record, not just which role."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from db.access import (
    AccessDenied,
    NotFound,
    is_patient_only_login,
    may_close_risk_flag,
    may_disable_account,
    may_issue_temporary_password,
    on_care_team,
    own_patient_id,
    require_patient,
)
from db.engine import read_session, write_session
from db.models import CareTeamMember, User
from db.queries import patients_for_staff
from program.rules import PHQ9_ITEM9_RULE
from tests.utils import actor_for, make_patient, make_user

TODAY = date(2026, 3, 18)
ONE_DAY = timedelta(days=1)
ITEM9 = PHQ9_ITEM9_RULE


@pytest.fixture
def team(db):
    coordinator = make_user("cora", ["coordinator"])
    clinician = make_user("cli", ["clinician"])
    make_user("other-cli", ["clinician"])
    make_user("other-cora", ["coordinator"])
    make_user("root", ["admin"])
    patient = make_patient(
        "Ana", username="ana", coordinator=coordinator, clinician=clinician, start=TODAY
    )
    make_patient("Ben", username="ben")  # nobody's patient
    return patient


def _user(username: str) -> User:
    with read_session() as session:
        return session.exec(select(User).where(User.username == username)).one()


def test_it_lets_only_the_care_team_clinician_close_an_item_9_flag(team):
    with read_session() as session:
        assert may_close_risk_flag(session, actor_for("cli"), team.id, ITEM9, TODAY)
        for who in ("cora", "other-cli", "root"):
            assert not may_close_risk_flag(session, actor_for(who), team.id, ITEM9, TODAY), who


def test_it_lets_a_coordinator_close_any_other_flag(team):
    with read_session() as session:
        assert may_close_risk_flag(session, actor_for("cora"), team.id, "warning_sign", TODAY)


def test_it_lets_the_care_team_coordinator_or_an_admin_reset_a_patient_login(team):
    with read_session() as session:
        ana = _user("ana")
        assert may_issue_temporary_password(session, actor_for("cora"), ana, TODAY)
        assert may_issue_temporary_password(session, actor_for("root"), ana, TODAY)
        assert not may_issue_temporary_password(session, actor_for("other-cora"), ana, TODAY)
        assert not may_issue_temporary_password(session, actor_for("cora"), _user("ben"), TODAY)
        assert not may_issue_temporary_password(session, actor_for("cli"), ana, TODAY)


def test_it_keeps_staff_logins_off_the_coordinators_reset_rights(team):
    make_user("nurse-pat", ["patient", "coordinator"])
    with read_session() as session:
        staff_patient = _user("nurse-pat")
        assert not is_patient_only_login(staff_patient)
        assert is_patient_only_login(_user("ana"))
        assert not may_issue_temporary_password(session, actor_for("cora"), staff_patient, TODAY)
        assert may_issue_temporary_password(session, actor_for("root"), staff_patient, TODAY)
        # The only way into the rule for a staff login is the admin:
        assert not may_issue_temporary_password(session, actor_for("cora"), _user("cli"), TODAY)


def test_it_refuses_anyone_disabling_their_own_account(team):
    root = actor_for("root")
    assert not may_disable_account(root, _user("root"))
    assert may_disable_account(root, _user("cora"))


def test_it_gives_a_patient_only_their_own_record_and_refuses_a_login_without_one(team):
    assert own_patient_id(actor_for("ana"), "record_check_in") == team.id
    with pytest.raises(AccessDenied):
        own_patient_id(actor_for("cora"), "record_check_in")


@pytest.mark.parametrize(("last_day", "still_on_team"), [(TODAY, True), (TODAY - ONE_DAY, False)])
def test_it_takes_a_patient_away_from_a_coordinator_taken_off_the_team(
    team, last_day, still_on_team
):
    with write_session() as session:
        row = session.exec(
            select(CareTeamMember).where(
                CareTeamMember.patient_id == team.id, CareTeamMember.role == "coordinator"
            )
        ).one()
        row.to_date = last_day
        session.add(row)
    cora = actor_for("cora")
    noon = datetime.combine(TODAY, time(12), tzinfo=UTC)
    with read_session() as session:
        assert on_care_team(session, cora, team.id, "coordinator", TODAY) is still_on_team
        if not still_on_team:
            with pytest.raises(NotFound):
                require_patient(session, cora, "acknowledge_flag", team.id, TODAY)
    listed = [p.id for p in patients_for_staff(actor=cora, role="coordinator", now=noon)]
    assert listed == ([team.id] if still_on_team else [])
