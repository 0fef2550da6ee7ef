"""E-mail waiting to be sent: written in the same transaction as what caused it (an alert for a
flag), sent by ``python -m db.outbox``, delivered at least once and de-duplicated by Message-ID."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from db.models.base import one_of
from program.vocabulary import MailKind, MailStatus


class OutboxMessage(SQLModel, table=True):
    """One e-mail to one recipient. Never any health details: no name, symptom or score (the
    body says a patient needs attention and links to the flag queue)."""

    __table_args__ = (
        one_of("outboxmessage", "kind", tuple(MailKind)),
        one_of("outboxmessage", "status", tuple(MailStatus)),
        CheckConstraint("attempts >= 0", name="ck_outboxmessage_attempts"),
        # What the worker asks for on every pass: the due messages, oldest first.
        Index("ix_outboxmessage_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # MailKind
    recipient: str = Field(max_length=254)
    recipient_user_id: int | None = Field(default=None, foreign_key="user.id")
    subject: str = Field(max_length=200)
    body: str = Field(max_length=2000)
    # The app's page the message links to (APP_BASE_URL is added when it is sent, e.g. /flags).
    link_path: str = Field(default="/", max_length=100)
    # The same row always sends the same Message-ID: a resend after a crash is recognisably the
    # same message to the recipient's mail system.
    message_id: str = Field(max_length=200, unique=True)
    flag_id: int | None = Field(default=None, foreign_key="flag.id", index=True)
    status: str = Field(default=MailStatus.QUEUED, max_length=20)  # MailStatus
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    # A worker that claimed this row holds it until then (SQLite has no SKIP LOCKED).
    claimed_until: datetime | None = None
    last_error: str | None = Field(default=None, max_length=300)  # the mail server's words only
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
