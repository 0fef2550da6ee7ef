"""Deciding a request for a second admin's approval, and reviewing changes made without one.

Another active admin approves (the change is applied in the same transaction and audited naming
both admins) or refuses; the admin who asked may withdraw; a request not decided within
APPROVAL_HOURS expires and changes nothing (db/approvals.py says which changes need this). A
refused attempt (one's own request, an expired one) is audited too, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from core.clock import utcnow
from core.passwords import hash_password, temporary_password
from db.access import Actor, NotFound, may_decide_request, may_withdraw_request
from db.actions import InvalidInput, action
from db.actions.common import write_audit
from db.actions.passwords import apply_temporary_password
from db.actions.users import add_user
from db.engine import write_session
from db.models import AdminApproval, User
from db.models.base import MAX_ROW_ID
from program.vocabulary import ApprovalKind, ApprovalStatus, Role

EXPIRED = (
    "This request expired before anyone decided it, so nothing was changed. "
    "Ask again if it is still needed."
)
OWN_REQUEST = "You asked for this change, so another admin must decide it."
OWN_REFUSAL = "You asked for this change. To take it back, withdraw it."
ASKER_GONE = "The admin who asked is no longer an active admin. Please refuse this request."
OWN_LOGIN = "This request is about your own login, so another admin must decide it."
NOT_YOURS = "Only the admin who asked can withdraw a request. You can refuse it instead."
TEMPORARY_SESSION = (
    "You logged in with a temporary password. Please log out and log in with your own "
    "password to approve requests."
)
GONE = "That login no longer exists or is disabled, so nothing was changed. Please refuse it."


@dataclass(frozen=True)
class Approved:
    """An approved, applied request; ``temporary_password`` is for the approving admin to hand
    over (shown once, never stored)."""

    approval_id: int
    username: str
    temporary_password: str


# --- shared steps ---------------------------------------------------------------------------------


def _locked_request(session: Session, approval_id: int) -> AdminApproval:
    row = session.exec(
        select(AdminApproval).where(AdminApproval.id == approval_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound(f"approval request {approval_id}")
    return row


def _undecidable(session: Session, row: AdminApproval, now: datetime) -> str | None:
    """Why ``row`` can no longer be decided (an expired one is marked so), or None."""
    if row.status == ApprovalStatus.PENDING and row.expires_at <= now:
        row.status, row.decided_at = ApprovalStatus.EXPIRED, now
        session.add(row)
        return EXPIRED
    if row.status != ApprovalStatus.PENDING:
        return f"This request was already decided ({row.status.replace('_', ' ')})."
    return None


def _who(session: Session, row: AdminApproval) -> str:
    asked = session.get(User, row.requested_by_id)
    return f"asked by {asked.username if asked else row.requested_by_id}"


def _decide(
    actor: Actor,
    approval_id: int,
    now: datetime,
    name: str,
    check: Callable[[Session, AdminApproval], str | None],
    apply: Callable[[Session, AdminApproval], object],
) -> object:
    """Lock the request, check it may be decided by ``actor``, then ``apply`` and audit; or audit
    the refusal, commit it, and raise its message (nothing else changes)."""
    with write_session() as session:
        row = _locked_request(session, approval_id)
        refusal = _undecidable(session, row, now) or check(session, row)
        if refusal is None:
            result = apply(session, row)
            row.decided_by_id, row.decided_at = actor.user_id, now
            session.add(row)
            write_audit(
                session,
                actor,
                name,
                detail=f"request {row.id}: {row.summary}; {_who(session, row)}; "
                f"{row.status.replace('_', ' ')} by {actor.username}",
            )
            return result
        write_audit(session, actor, name, outcome="refused", detail=f"request {row.id}: {refusal}")
    raise InvalidInput(refusal)


# --- the actions ----------------------------------------------------------------------------------


@action("approve_admin_request")
def approve_admin_request(
    *, actor: Actor, approval_id: int, now: datetime | None = None
) -> Approved:
    """Approve another admin's request: the change is applied now, with a new temporary password
    that only the approving admin sees (the asking admin never learns it)."""
    now = now or utcnow()
    password = temporary_password()
    password_hash = hash_password(password)  # slow on purpose: before the transaction

    def check(session: Session, row: AdminApproval) -> str | None:
        if not may_decide_request(actor, row.requested_by_id, row.target_user_id):
            return OWN_REQUEST if row.requested_by_id == actor.user_id else OWN_LOGIN
        if actor.temporary_session:
            # Else one admin could reset the other's password and approve as them.
            return TEMPORARY_SESSION
        asked = session.get(User, row.requested_by_id)
        if asked is None or not asked.active or Role.ADMIN not in asked.roles:
            return ASKER_GONE
        return None

    def apply(session: Session, row: AdminApproval) -> Approved:
        note = f"; {_who(session, row)}, approved by {actor.username}"
        row.status = (
            ApprovalStatus.APPROVED
        )  # no longer holding its username (rolled back on error)
        session.add(row)
        session.flush()
        if row.kind == ApprovalKind.STAFF_LOGIN:
            change = row.change
            user = add_user(
                session,
                actor,
                username=row.target_username,
                display_name=change["display_name"],
                email=change.get("email"),
                roles=list(change["roles"]),
                clinic_wide=bool(change.get("clinic_wide")),
                password_hash=password_hash,
                note=note,
            )
            row.target_user_id = user.id
        else:
            user = session.get(User, row.target_user_id)
            if user is None or not user.active:
                raise InvalidInput(GONE)
            apply_temporary_password(session, actor, user, password_hash, now, note)
        return Approved(row.id, user.username, password)

    return _decide(actor, approval_id, now, "approve_admin_request", check, apply)


@action("refuse_admin_request")
def refuse_admin_request(
    *, actor: Actor, approval_id: int, now: datetime | None = None
) -> AdminApproval:
    """Refuse another admin's request; nothing is changed."""
    now = now or utcnow()

    def check(session: Session, row: AdminApproval) -> str | None:
        if may_decide_request(actor, row.requested_by_id, row.target_user_id):
            return None
        return OWN_REFUSAL if row.requested_by_id == actor.user_id else OWN_LOGIN

    def apply(session: Session, row: AdminApproval) -> AdminApproval:
        row.status = ApprovalStatus.REFUSED
        return row

    return _decide(actor, approval_id, now, "refuse_admin_request", check, apply)


@action("withdraw_admin_request")
def withdraw_admin_request(
    *, actor: Actor, approval_id: int, now: datetime | None = None
) -> AdminApproval:
    """Withdraw one's own request; nothing is changed."""
    now = now or utcnow()

    def check(session: Session, row: AdminApproval) -> str | None:
        return None if may_withdraw_request(actor, row.requested_by_id) else NOT_YOURS

    def apply(session: Session, row: AdminApproval) -> AdminApproval:
        row.status = ApprovalStatus.WITHDRAWN
        return row

    return _decide(actor, approval_id, now, "withdraw_admin_request", check, apply)


@action("review_unapproved_changes")
def review_unapproved_changes(*, actor: Actor, up_to: int, now: datetime | None = None) -> int:
    """Mark the changes made without a second admin, up to the one shown last, as reviewed (so
    the audit page stops listing them); returns how many."""
    now = now or utcnow()
    with write_session() as session:
        rows = session.exec(
            select(AdminApproval).where(
                AdminApproval.status == ApprovalStatus.APPLIED_ALONE,
                AdminApproval.reviewed_at.is_(None),
                AdminApproval.id <= min(up_to, MAX_ROW_ID),
            )
        ).all()
        for row in rows:
            row.reviewed_by_id, row.reviewed_at = actor.user_id, now
            session.add(row)
        ids = ", ".join(str(r.id) for r in rows[:40])
        write_audit(
            session,
            actor,
            "review_unapproved_changes",
            detail=f"{len(rows)} changes made without a second admin reviewed"
            + (f" (requests {ids})" if ids else ""),
        )
        return len(rows)
