"""A second admin for changes that let an admin reach clinical data (issue 10, item 3).

An admin could create a clinic-wide clinician with a password they chose, or set a temporary
password on any login, and log in as that person. So with two or more active admins these changes
wait for another one: a new staff login (a coordinator, clinician or admin, or clinic-wide access)
and a temporary password an admin issues (a coordinator's for their own patient needs none). The
request stores what to apply, never a password; the password is made when a second admin approves,
and shown to that admin only, so the admin who asked never learns it. With no other active admin
who could decide, the change is applied at once (as before) and recorded as ``applied_alone``:
the audit page lists it until an admin marks it reviewed.

Functions here run inside the caller's transaction (db/actions/users.py, passwords.py and
admin_approval.py call them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from core.clock import utcnow
from core.settings import Settings
from db.access import Actor
from db.audit import AuditActor, record
from db.models import AdminApproval, User
from program.vocabulary import CARE_ROLES, ApprovalKind, ApprovalStatus, Role


@dataclass(frozen=True)
class ApprovalRequested:
    """A change that now waits for a second admin (returned instead of applying it)."""

    approval_id: int
    summary: str


def reaches_clinical_data(roles: Iterable[str], clinic_wide: bool) -> bool:
    """Whether a login with these roles could see patients or approve for an admin: any staff
    role (an admin login could approve its creator's own requests) or clinic-wide access."""
    roles = set(roles)
    return clinic_wide or Role.ADMIN in roles or bool(roles & set(CARE_ROLES))


def deciders(session: Session, actor: Actor, target_user_id: int | None) -> int:
    """Active admins other than the one asking and the login it is about: who could approve."""
    admins = session.exec(select(User).where(User.active.is_(True))).all()
    return sum(
        1
        for u in admins
        if Role.ADMIN in u.roles and u.id != actor.user_id and u.id != target_user_id
    )


def roles_text(roles: Iterable[str], clinic_wide: bool) -> str:
    return f"roles: {', '.join(sorted(roles)) or 'none'}; clinic-wide: {'yes' if clinic_wide else 'no'}"


def is_open(now: datetime):
    """A SQL condition: requests still waiting for a decision (pending and not expired)."""
    return (AdminApproval.status == ApprovalStatus.PENDING) & (AdminApproval.expires_at > now)


def pending_usernames(session: Session) -> list[str]:
    """Usernames of new logins waiting for approval: taken until decided or expired."""
    return list(
        session.exec(
            select(AdminApproval.target_username).where(
                AdminApproval.kind == ApprovalKind.STAFF_LOGIN, is_open(utcnow())
            )
        )
    )


def request_approval(
    session: Session,
    actor: Actor,
    *,
    kind: ApprovalKind,
    target_user_id: int | None,
    target_username: str,
    summary: str,
    now: datetime,
    settings: Settings,
    change: dict[str, Any] | None = None,
) -> ApprovalRequested:
    """Store the change as a pending request (audited); nothing is applied."""
    row = AdminApproval(
        kind=kind,
        target_user_id=target_user_id,
        target_username=target_username,
        change=change or {},
        summary=summary[:300],
        requested_by_id=actor.user_id,
        requested_at=now,
        expires_at=now + timedelta(hours=settings.approval_hours),
        status=ApprovalStatus.PENDING,
    )
    session.add(row)
    session.flush()
    audit_as(session, actor, "request_admin_approval", f"request {row.id}: {summary}")
    return ApprovalRequested(row.id, summary)


def audit_as(session: Session, actor: Actor, action: str, detail: str) -> None:
    """An audit row for ``actor`` (db.actions.common.write_audit, without importing the actions)."""
    who = AuditActor(actor.user_id, actor.username, actor.temporary_session)
    record(session, actor=who, action=action, detail=detail)


def record_applied_alone(
    session: Session,
    actor: Actor,
    *,
    kind: ApprovalKind,
    target: User,
    summary: str,
    now: datetime,
) -> None:
    """Keep a change applied without a second admin, for the audit page's alert."""
    session.add(
        AdminApproval(
            kind=kind,
            target_user_id=target.id,
            target_username=target.username,
            summary=summary[:300],
            requested_by_id=actor.user_id,
            requested_at=now,
            expires_at=now,
            status=ApprovalStatus.APPLIED_ALONE,
            decided_by_id=actor.user_id,
            decided_at=now,
        )
    )
