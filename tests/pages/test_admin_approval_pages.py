"""The admin's screens for a second admin's approval (issue 10, item 3), through the real app.

The demo has one active admin: a clinician login applies at once and the audit page lists it at
the top until marked reviewed. With demo-admin-2 enabled, the same login waits on Approvals, where
only the other admin can approve it and sees its temporary password.
"""

from __future__ import annotations

from sqlmodel import select

from db.actions import set_user_active
from db.auth import authenticate
from db.engine import read_session
from db.models import AuditEvent, User
from tests.pages.conftest import texts
from tests.utils import actor_for
from tests.utils.screens import button
from tests.utils.sessions import SETTINGS

TEMP = "river lantern copper 93"


def create_clinician(at, username: str = "new.doc") -> None:
    form = {t.label: t for t in at.text_input}
    form["Username"].input(username)
    form["Display name"].input("New Doc")
    form["Temporary password"].input(TEMP)
    next(s for s in at.selectbox if s.label == "Role").set_value("Clinician")
    button(at, "Create user").click().run()


def user_named(username: str) -> User | None:
    with read_session() as session:
        return session.exec(select(User).where(User.username == username)).first()


def enable_second_admin() -> None:
    set_user_active(
        actor=actor_for("demo-admin"), user_id=user_named("demo-admin-2").id, active=True
    )


def test_it_lists_a_login_made_by_the_only_admin_at_the_top_of_the_audit_page(app_as):
    at = app_as("demo-admin")
    create_clinician(at)
    assert any("created" in s.value for s in at.success), [e.value for e in at.error]
    assert user_named("new.doc") is not None
    at.switch_page("pages/admin/audit.py").run()
    [alert] = at.warning
    assert "3 change(s) made without a second admin's approval" in alert.value
    assert "new login new.doc; roles: clinician; clinic-wide: no" in alert.value.replace("\\", "")
    button(at, "Mark these as reviewed").click().run()
    assert not at.warning and "3 change(s) marked as reviewed" in texts(at)
    with read_session() as session:
        review = session.exec(
            select(AuditEvent).where(AuditEvent.action == "review_unapproved_changes")
        ).one()
    assert review.actor_username == "demo-admin"


def test_it_holds_a_login_until_the_other_admin_approves_it_on_approvals(app_as):
    enable_second_admin()
    at = app_as("demo-admin")
    create_clinician(at)
    assert "Waiting for a second admin" in texts(at)
    assert user_named("new.doc") is None
    at.switch_page("pages/admin/approvals.py").run()
    assert "new login new.doc (New Doc)" in [t.value for t in at.text][0]
    assert [b.label for b in at.button] == ["Withdraw"]  # one's own: no Approve

    other = app_as("demo-admin-2")
    other.switch_page("pages/admin/approvals.py").run()
    button(other, "Approve").click().run()
    assert not other.exception
    temporary = other.code[0].value
    assert authenticate(username="new.doc", password=temporary, settings=SETTINGS).ok
    assert not authenticate(username="new.doc", password=TEMP, settings=SETTINGS).ok
    other.run()
    assert not other.code  # shown once
    assert "Approved by demo-admin-2" in "\n".join(t.value for t in other.text)


def test_it_says_an_admins_temporary_password_waits_for_the_other_admin(app_as):
    enable_second_admin()
    at = app_as("demo-admin")
    at.switch_page("pages/admin/sessions.py").run()
    next(s for s in at.selectbox if s.label == "Login").set_value(user_named("demo-patient").id)
    button(at.run(), "Set a temporary password").click().run()
    assert not at.code and "Waiting for a second admin" in texts(at)
    assert authenticate(username="demo-patient", password="recalibrate-demo", settings=SETTINGS).ok
