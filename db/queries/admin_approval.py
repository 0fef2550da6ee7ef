"""Requests for a second admin's approval, and changes made without one (db/approvals.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.engine import read_session
from db.models import AdminApproval, User
from db.queries import query
from db.read_audit import StaffRead
from program.vocabulary import ApprovalStatus, Role

RECENT = 20  # decided requests shown under the pending ones


@dataclass(frozen=True)
class ApprovalRow:
    id: int
    kind: str
    target_username: str
    summary: str
    requested_by: str
    requested_at: datetime
    expires_at: datetime
    status: str  # a pending request past its time shows as expired
    decided_by: str | None
    decided_at: datetime | None
    mine: bool  # asked by the admin looking: they may withdraw it, not decide it
    reviewed_by: str | None = None  # applied without a second admin: who reviewed it since


@dataclass(frozen=True)
class ApprovalsView:
    pending: list[ApprovalRow]
    recent: list[ApprovalRow]
    other_admins: int  # active admins besides the one looking: 0 means changes apply at once


def _rows(actor: Actor, where, order, limit: int, now: datetime) -> list[ApprovalRow]:  # noqa: ANN001
    asker, decider, reviewer = aliased(User), aliased(User), aliased(User)
    with read_session() as session:
        found = session.exec(
            select(AdminApproval, asker.username, decider.username, reviewer.username)
            .join(asker, asker.id == AdminApproval.requested_by_id)
            .outerjoin(decider, decider.id == AdminApproval.decided_by_id)
            .outerjoin(reviewer, reviewer.id == AdminApproval.reviewed_by_id)
            .where(*where)
            .order_by(*order)
            .limit(limit)
        ).all()
    return [
        ApprovalRow(
            a.id,
            a.kind,
            a.target_username,
            a.summary,
            asked,
            a.requested_at,
            a.expires_at,
            ApprovalStatus.EXPIRED
            if a.status == ApprovalStatus.PENDING and a.expires_at <= now
            else a.status,
            decided,
            a.decided_at,
            a.requested_by_id == actor.user_id,
            reviewed,
        )
        for a, asked, decided, reviewed in found
    ]


@query("admin_approvals", audit=StaffRead(lambda v: f"{len(v.pending)} pending approvals"))
def admin_approvals(*, actor: Actor, now: datetime | None = None) -> ApprovalsView:
    """Requests waiting for a second admin (oldest first), then the latest decided ones (and
    changes applied without one, with who reviewed them)."""
    now = now or utcnow()
    pending = _rows(
        actor,
        [AdminApproval.status == ApprovalStatus.PENDING, AdminApproval.expires_at > now],
        [AdminApproval.id],
        500,
        now,
    )
    recent = _rows(
        actor,
        [(AdminApproval.status != ApprovalStatus.PENDING) | (AdminApproval.expires_at <= now)],
        [AdminApproval.id.desc()],
        RECENT,
        now,
    )
    with read_session() as session:
        admins = session.exec(select(User).where(User.active.is_(True))).all()
    others = sum(1 for u in admins if Role.ADMIN in u.roles and u.id != actor.user_id)
    return ApprovalsView(pending, recent, others)


@query("unapproved_changes", audit=StaffRead(lambda rows: f"{len(rows)} unreviewed changes"))
def unapproved_changes(*, actor: Actor, now: datetime | None = None) -> list[ApprovalRow]:
    """Staff logins and admin-issued temporary passwords applied without a second admin and not
    yet marked reviewed, oldest first (the alert at the top of the audit page)."""
    now = now or utcnow()
    return _rows(
        actor,
        [
            AdminApproval.status == ApprovalStatus.APPLIED_ALONE,
            AdminApproval.reviewed_at.is_(None),
        ],
        [AdminApproval.id],
        500,
        now,
    )
