"""Append-only, hash-chained audit trail.

Each AuditEvent stores the hash of the row before it; editing or deleting any row breaks the chain,
which ``python -m db.audit verify`` detects. Writers serialize on the single AuditChainHead row.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass

from sqlmodel import Session, select

from core.clock import utcnow
from db.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditActor:
    """Who an audit row is about (a user, or None for an anonymous login attempt)."""

    user_id: int | None
    username: str | None


def _digest(event: AuditEvent) -> str:
    parts = [
        event.prev_hash,
        event.at.isoformat(timespec="microseconds"),
        str(event.actor_id or ""),
        event.actor_username or "",
        event.action,
        event.outcome,
        str(event.patient_id or ""),
        event.detail,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def record(
    session: Session,
    *,
    actor: AuditActor | None,
    action: str,
    outcome: str = "ok",
    patient_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Append one audit row inside the caller's transaction (no health details in ``detail``)."""
    head = session.exec(select(AuditChainHead).with_for_update()).first()
    if head is None:
        head = AuditChainHead(id=1, last_hash=GENESIS, count=0)
        session.add(head)
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        action=action,
        outcome=outcome,
        patient_id=patient_id,
        detail=detail[:300],
        prev_hash=head.last_hash,
        hash="",
    )
    event.hash = _digest(event)
    head.last_hash = event.hash
    head.count += 1
    session.add(event)
    session.add(head)
    session.flush()
    return event


def verify(session: Session) -> list[str]:
    """Problems found in the chain, in order; an empty list means it is intact."""
    problems: list[str] = []
    prev = GENESIS
    count = 0
    # Streamed in batches: the trail can be far larger than memory.
    rows = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    for event in session.exec(rows):
        count += 1
        if event.prev_hash != prev:
            problems.append(
                f"row {event.id}: does not follow the row before it (a row was removed)"
            )
        if _digest(event) != event.hash:
            problems.append(f"row {event.id}: contents do not match its hash (the row was edited)")
        prev = event.hash
    head = session.get(AuditChainHead, 1)
    if head is not None and (head.last_hash != prev or head.count != count):
        problems.append("the newest rows were removed or the chain head was changed")
    return problems


def main(argv: list[str]) -> int:
    from db.engine import read_session

    if argv[:1] != ["verify"]:
        print("usage: python -m db.audit verify", file=sys.stderr)
        return 2
    with read_session() as session:
        problems = verify(session)
    for problem in problems:
        print(problem)
    print(
        "audit chain intact" if not problems else f"{len(problems)} problem(s) in the audit chain"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
