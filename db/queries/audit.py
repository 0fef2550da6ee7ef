"""The audit trail, a page at a time, and its hash-chain check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select

from db.access import Actor
from db.audit import verify
from db.engine import read_session
from db.models import AuditEvent
from db.queries import query
from db.read_audit import StaffRead


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor_username: str | None
    action: str
    outcome: str
    patient_id: int | None
    detail: str
    # Written in a session that began with a temporary password someone else issued.
    temporary_session: bool = False


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    older_than: int | None  # pass as ``before_id`` for the next (older) page; None at the end
    actions: list[str]  # every action name in the trail, for the filter


AUDIT_PAGE_MAX = 200


@query("audit_events", audit=StaffRead(lambda page: f"{len(page.rows)} audit rows"))
def audit_events(
    *,
    actor: Actor,
    username: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
    patient_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> AuditPage:
    """One page of the audit trail, newest first, filtered; never the whole table."""
    limit = max(1, min(limit, AUDIT_PAGE_MAX))
    where = []
    if username:
        where.append(AuditEvent.actor_username == username.strip().lower())
    if action:
        where.append(AuditEvent.action == action)
    if outcome:
        where.append(AuditEvent.outcome == outcome)
    if patient_id is not None:
        where.append(AuditEvent.patient_id == patient_id)
    if since is not None:
        where.append(AuditEvent.at >= datetime.combine(since, time.min, UTC))
    if until is not None:
        where.append(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min, UTC))
    if before_id is not None:
        where.append(AuditEvent.id < before_id)
    with read_session() as session:
        events = session.exec(
            select(AuditEvent).where(*where).order_by(AuditEvent.id.desc()).limit(limit + 1)
        ).all()
        actions = session.exec(
            select(AuditEvent.action).distinct().order_by(AuditEvent.action)
        ).all()
    rows = [
        AuditRow(
            e.id,
            e.at,
            e.actor_username,
            e.action,
            e.outcome,
            e.patient_id,
            e.detail,
            bool(e.temporary_password_session),
        )
        for e in events[:limit]
    ]
    older = rows[-1].id if len(events) > limit else None
    return AuditPage(rows, older, list(actions))


@query(
    "verify_audit_chain",
    audit=StaffRead(lambda found: f"chain checked, {len(found)} problem(s)"),
)
def verify_audit_chain(*, actor: Actor) -> list[str]:
    """Problems in the hash chain (edited, removed or reordered rows); empty when intact."""
    with read_session() as session:
        return verify(session)
