"""The admin's "Retry now" for mail that failed or waits after a failed try."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import write_audit
from db.engine import write_session
from db.models import OutboxMessage
from program.vocabulary import MailStatus


@action("retry_outbox")
def retry_outbox(
    *, actor: Actor, message_id: int | None = None, now: datetime | None = None
) -> int:
    """Send failed messages (one, or every one) again at the worker's next pass, with a fresh
    set of tries; messages waiting after a failed try are moved up to now. Returns how many."""
    now = now or utcnow()
    with write_session() as session:
        query = select(OutboxMessage).where(
            or_(
                OutboxMessage.status == MailStatus.FAILED,
                (OutboxMessage.status == MailStatus.QUEUED)
                & (OutboxMessage.attempts > 0)
                # not one a worker is sending right now (it would go twice)
                & or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
            )
        )
        if message_id is not None:
            query = query.where(OutboxMessage.id == message_id)
        rows = session.exec(query.with_for_update()).all()
        if message_id is not None and not rows:
            raise InvalidInput("That message was sent already, or no longer exists.")
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = MailStatus.QUEUED, 0, now
            row.claimed_until = None
            session.add(row)
        write_audit(session, actor, "retry_outbox", detail=f"{len(rows)} messages")
        return len(rows)
