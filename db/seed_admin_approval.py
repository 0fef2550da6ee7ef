"""Demo data for the second admin's approval (issue 10, item 3).

The demo has one active admin, so the audit page shows its alert: the demo staff logins were
created by demo-admin alone. A second admin, ``demo-admin-2``, is there but disabled; enable it on
Sessions to try the two-admin flow (README, "Demo accounts").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from core.passwords import DEMO_PASSWORD, hash_password
from db.models import AdminApproval, User
from program.vocabulary import ApprovalKind, ApprovalStatus, Role

SECOND_ADMIN = ("demo-admin-2", "Robin Admin")


def seed_admin_approvals(session: Session, now: datetime) -> None:
    users = {u.username: u for u in session.exec(select(User))}
    admin = users["demo-admin"]
    made = now - timedelta(days=20)
    for username in ("demo-coordinator", "demo-clinician"):
        staff = users[username]
        session.add(
            AdminApproval(
                kind=ApprovalKind.STAFF_LOGIN,
                target_user_id=staff.id,
                target_username=username,
                summary=f"new login {username}; roles: {', '.join(staff.roles)}; clinic-wide: no",
                requested_by_id=admin.id,
                requested_at=made,
                expires_at=made,
                status=ApprovalStatus.APPLIED_ALONE,
                decided_by_id=admin.id,
                decided_at=made,
            )
        )
    username, name = SECOND_ADMIN
    session.add(
        User(
            username=username,
            display_name=name,
            roles=[Role.ADMIN],
            password_hash=hash_password(DEMO_PASSWORD),
            email=f"{username}@example.org",
            active=False,
        )
    )
    session.flush()
