"""A second admin for the changes that would let an admin reach clinical data (issue 10, item 3).

With two active admins, a new staff login or an admin-issued temporary password waits for the
other one: the asking admin cannot approve it, an approval applies it (audited with both names)
and gives the password to the approver only; refused, withdrawn and expired requests change
nothing. With one admin the change applies at once and waits on the audit page for a review.
Both engines.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from db.access import AccessDenied
from db.actions import (
    InvalidInput,
    approve_admin_request,
    change_password,
    create_user,
    issue_temporary_password,
    refuse_admin_request,
    review_unapproved_changes,
    set_user_active,
    withdraw_admin_request,
)
from db.actions.admin_approval import ASKER_GONE, EXPIRED, OWN_REQUEST, TEMPORARY_SESSION
from db.approvals import ApprovalRequested
from db.auth import check_session
from db.engine import read_session
from db.models import AdminApproval, AuditEvent, User
from db.queries import admin_approvals, unapproved_changes
from tests.utils import PASSWORD, actor_for, make_patient, make_user
from tests.utils.sessions import SETTINGS, start

TEMP = "river lantern copper 93"
NEW = "maple orbit sunlit 71"


@pytest.fixture
def clinic(db, frozen):
    """One admin (boss), a coordinator with her patient Ana, and a clinician."""
    make_user("boss", ["admin"])
    nurse = make_user("nurse", ["coordinator"])
    make_user("doc", ["clinician"])
    make_patient("Ana", username="ana", coordinator=nurse)
    return frozen


@pytest.fixture
def two_admins(clinic):
    make_user("chief", ["admin"])
    return clinic


def new_clinician(asker: str = "boss", username: str = "wide.doc"):
    return create_user(
        actor=actor_for(asker),
        username=username,
        display_name="Wide Doc",
        roles=["clinician"],
        temporary_password=TEMP,
        clinic_wide=True,
    )


def user_named(username: str) -> User | None:
    with read_session() as session:
        return session.exec(select(User).where(User.username == username)).first()


def audit(action: str) -> list[AuditEvent]:
    with read_session() as session:
        return list(
            session.exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def can_log_in(username: str, password: str) -> bool:
    from db.auth import authenticate

    return authenticate(username=username, password=password, settings=SETTINGS).ok


def test_it_holds_a_new_clinic_wide_clinician_until_a_second_admin_approves(two_admins):
    request = new_clinician()
    assert isinstance(request, ApprovalRequested)
    assert user_named("wide.doc") is None  # nothing created yet
    assert not can_log_in("wide.doc", TEMP)
    [pending] = admin_approvals(actor=actor_for("chief")).pending
    assert pending.summary == "new login wide.doc (Wide Doc); roles: clinician; clinic-wide: yes"
    assert (pending.requested_by, pending.mine) == ("boss", False)
    assert admin_approvals(actor=actor_for("boss")).pending[0].mine
    [asked] = audit("request_admin_approval")
    assert asked.actor_username == "boss" and "clinic-wide: yes" in asked.detail
    assert audit("grant_clinical_access") == []


def test_it_never_lets_the_asking_admin_approve_their_own_request(two_admins):
    request = new_clinician()
    with pytest.raises(InvalidInput, match=OWN_REQUEST):
        approve_admin_request(actor=actor_for("boss"), approval_id=request.approval_id)
    assert user_named("wide.doc") is None
    [refused] = audit("approve_admin_request")
    assert refused.outcome == "refused" and refused.actor_username == "boss"
    assert admin_approvals(actor=actor_for("chief")).pending  # still waiting for chief


def test_it_applies_an_approved_login_and_names_both_admins(two_admins):
    request = new_clinician()
    approved = approve_admin_request(actor=actor_for("chief"), approval_id=request.approval_id)
    made = user_named("wide.doc")
    assert made.roles == ["clinician"] and made.clinic_wide and made.must_change_password
    # The approver's new password works; the one the asking admin typed was never kept.
    assert approved.username == "wide.doc" and approved.temporary_password != TEMP
    assert not can_log_in("wide.doc", TEMP)
    assert can_log_in("wide.doc", approved.temporary_password)
    [decision] = audit("approve_admin_request")
    assert decision.actor_username == "chief" and decision.outcome == "ok"
    assert "asked by boss" in decision.detail and "approved by chief" in decision.detail
    [grant] = audit("grant_clinical_access")
    assert grant.detail == (
        f"user {made.id} (wide.doc); roles: clinician; clinic-wide: yes; "
        "asked by boss, approved by chief"
    )
    view = admin_approvals(actor=actor_for("boss"))
    assert view.pending == [] and view.recent[0].status == "approved"
    assert view.recent[0].decided_by == "chief"
    with pytest.raises(InvalidInput, match="already decided"):
        approve_admin_request(actor=actor_for("chief"), approval_id=request.approval_id)


def test_it_changes_nothing_for_a_refused_or_withdrawn_request(two_admins):
    refused = new_clinician(username="first.doc")
    refuse_admin_request(actor=actor_for("chief"), approval_id=refused.approval_id)
    withdrawn = new_clinician(username="second.doc")
    with pytest.raises(InvalidInput, match="Only the admin who asked"):
        withdraw_admin_request(actor=actor_for("chief"), approval_id=withdrawn.approval_id)
    withdraw_admin_request(actor=actor_for("boss"), approval_id=withdrawn.approval_id)
    for request in (refused, withdrawn):
        with pytest.raises(InvalidInput, match="already decided"):
            approve_admin_request(actor=actor_for("chief"), approval_id=request.approval_id)
    assert user_named("first.doc") is None and user_named("second.doc") is None
    statuses = [r.status for r in admin_approvals(actor=actor_for("chief")).recent]
    assert statuses[:2] == ["withdrawn", "refused"]


def test_it_lets_a_request_expire_after_three_days_and_changes_nothing(two_admins):
    request = new_clinician()
    two_admins.shift(timedelta(hours=71))
    assert admin_approvals(actor=actor_for("chief")).pending  # still open at 71 hours
    two_admins.shift(timedelta(hours=2))
    assert admin_approvals(actor=actor_for("chief")).pending == []
    with pytest.raises(InvalidInput, match=EXPIRED):
        approve_admin_request(actor=actor_for("chief"), approval_id=request.approval_id)
    assert user_named("wide.doc") is None
    with read_session() as session:
        assert session.get(AdminApproval, request.approval_id).status == "expired"
    assert new_clinician().approval_id != request.approval_id  # the name is free to ask again


def test_it_holds_an_admins_temporary_password_for_staff_or_a_patient(two_admins):
    for username in ("doc", "ana"):
        request = issue_temporary_password(actor=actor_for("boss"), user_id=user_named(username).id)
        assert isinstance(request, ApprovalRequested)
        assert can_log_in(username, PASSWORD)  # their own password still works
        approved = approve_admin_request(actor=actor_for("chief"), approval_id=request.approval_id)
        assert not can_log_in(username, PASSWORD)
        assert can_log_in(username, approved.temporary_password)
        assert user_named(username).must_change_password
    staff = audit("temporary_password_for_staff")
    assert [e.actor_username for e in staff] == ["chief"]
    assert staff[0].detail.endswith("asked by boss, approved by chief")


def test_it_lets_a_coordinator_reset_their_own_patient_without_an_admin(two_admins):
    temporary = issue_temporary_password(actor=actor_for("nurse"), user_id=user_named("ana").id)
    assert isinstance(temporary, str) and can_log_in("ana", temporary)
    with read_session() as session:
        assert session.exec(select(AdminApproval)).all() == []


def test_it_applies_at_once_with_a_single_admin_and_lists_it_until_reviewed(clinic):
    made = new_clinician()
    assert isinstance(made, User) and can_log_in("wide.doc", TEMP)
    temporary = issue_temporary_password(actor=actor_for("boss"), user_id=user_named("doc").id)
    assert can_log_in("doc", temporary)
    boss = actor_for("boss")
    listed = unapproved_changes(actor=boss)
    assert [(r.kind, r.target_username, r.requested_by) for r in listed] == [
        ("staff_login", "wide.doc", "boss"),
        ("temporary_password", "doc", "boss"),
    ]
    assert "clinic-wide: yes" in listed[0].summary
    # A patient login is the normal way to start a patient: nothing to review.
    create_user(
        actor=boss,
        username="new.patient",
        display_name="New Patient",
        roles=["patient"],
        temporary_password=TEMP,
    )
    assert len(unapproved_changes(actor=boss)) == 2
    assert review_unapproved_changes(actor=boss, up_to=listed[0].id) == 1
    assert [r.target_username for r in unapproved_changes(actor=boss)] == ["doc"]
    [review] = audit("review_unapproved_changes")
    assert review.actor_username == "boss" and f"requests {listed[0].id}" in review.detail
    history = {r.target_username: r for r in admin_approvals(actor=boss).recent}
    assert (history["wide.doc"].reviewed_by, history["doc"].reviewed_by) == ("boss", None)


def test_it_applies_at_once_when_the_only_other_admin_is_the_login_itself(two_admins):
    # Chief forgot their password: nobody but boss could decide, so it applies, and is listed.
    temporary = issue_temporary_password(actor=actor_for("boss"), user_id=user_named("chief").id)
    assert can_log_in("chief", temporary)
    [listed] = unapproved_changes(actor=actor_for("boss"))
    assert listed.target_username == "chief"


def test_it_refuses_an_approval_from_a_session_begun_with_a_temporary_password(two_admins):
    # Boss resets chief (applied alone, listed) and could log in as chief: chief's approvals in
    # that session are refused, so boss cannot approve boss's own request that way.
    temporary = issue_temporary_password(actor=actor_for("boss"), user_id=user_named("chief").id)
    request = new_clinician()
    session_id = start("chief", "sid-chief", temporary)
    as_chief = check_session(settings=SETTINGS, session_id=session_id).actor
    change_password(
        actor=as_chief, current_password=None, new_password=NEW, keep_session_id=session_id
    )
    as_chief = check_session(settings=SETTINGS, session_id=session_id).actor
    with pytest.raises(InvalidInput, match=TEMPORARY_SESSION):
        approve_admin_request(actor=as_chief, approval_id=request.approval_id)
    assert user_named("wide.doc") is None
    fresh = check_session(settings=SETTINGS, session_id=start("chief", "sid-chief-2", NEW)).actor
    assert approve_admin_request(actor=fresh, approval_id=request.approval_id).username


def test_it_refuses_to_approve_for_an_admin_who_is_no_longer_active(two_admins):
    request = new_clinician()
    make_user("third", ["admin"])
    set_user_active(actor=actor_for("chief"), user_id=user_named("boss").id, active=False)
    with pytest.raises(InvalidInput, match=ASKER_GONE):
        approve_admin_request(actor=actor_for("chief"), approval_id=request.approval_id)
    assert user_named("wide.doc") is None


def test_it_keeps_a_waiting_username_and_its_look_alikes_taken(two_admins):
    new_clinician()
    for twin in ("wide.doc", "wide-doc"):
        with pytest.raises(InvalidInput):
            new_clinician(username=twin)


def test_it_refuses_every_decision_to_anyone_but_an_admin(two_admins):
    request = new_clinician()
    for name in ("nurse", "doc", "ana"):
        with pytest.raises(AccessDenied):
            approve_admin_request(actor=actor_for(name), approval_id=request.approval_id)
    assert user_named("wide.doc") is None


def test_it_answers_an_id_too_large_for_the_database_as_not_found(two_admins):
    for decide in (approve_admin_request, refuse_admin_request, withdraw_admin_request):
        with pytest.raises(AccessDenied):  # NotFound, on PostgreSQL too (no integer overflow)
            decide(actor=actor_for("chief"), approval_id=2**40)
    # A bound no integer column holds is refused plainly, not passed to the database.
    with pytest.raises(InvalidInput):
        review_unapproved_changes(actor=actor_for("chief"), up_to=2**40)
    assert review_unapproved_changes(actor=actor_for("chief"), up_to=2**31 - 1) == 0
