"""The outbox as an admin sees it: is mail set up, what waits, what failed, when the jobs ran.

No patient data: recipients are staff addresses, and messages hold no health details by design
(db/alerts.py). Flag ids are left out too: admins see no clinical records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from core.settings import Settings, load_settings
from db.access import Actor
from db.alerts import clinic_wide_coordinators
from db.engine import read_session
from db.leases import leases
from db.models import OutboxMessage
from db.queries import query
from db.read_audit import NoPatientData
from program.vocabulary import Job, MailStatus

PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class OutboxProblem:
    """A message that failed, or is waiting after a failed try."""

    id: int
    kind: str
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime


@dataclass(frozen=True)
class OutboxStatus:
    mail_configured: bool
    counts: dict[str, int]  # MailStatus -> messages
    oldest_queued_at: datetime | None
    last_sent_at: datetime | None
    problems: tuple[OutboxProblem, ...]  # failed first, then the most tried
    escalation_addresses: int  # clinic-wide coordinators an escalation e-mails
    job_runs: dict[str, datetime | None]  # Job -> when it last finished (None: never)


@query(
    "outbox_status",
    audit=NoPatientData("staff e-mail addresses and delivery states; messages hold no health data"),
)
def outbox_status(*, actor: Actor, settings: Settings | None = None) -> OutboxStatus:
    """How mail is doing: for the admin's outbox page."""
    settings = settings or load_settings()
    with read_session() as session:
        counts = dict(
            session.exec(
                select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(
                    OutboxMessage.status
                )
            ).all()
        )
        oldest = session.exec(
            select(func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status == MailStatus.QUEUED
            )
        ).one()
        last_sent = session.exec(select(func.max(OutboxMessage.sent_at))).one()
        problems = session.exec(
            select(OutboxMessage)
            .where(
                (OutboxMessage.status == MailStatus.FAILED)
                | ((OutboxMessage.status == MailStatus.QUEUED) & (OutboxMessage.attempts > 0))
            )
            .order_by(
                (OutboxMessage.status == MailStatus.FAILED).desc(),
                OutboxMessage.attempts.desc(),
                OutboxMessage.id.desc(),
            )
            .limit(PROBLEMS_SHOWN)
        ).all()
        escalation = len(clinic_wide_coordinators(session))
    runs = {name: row.finished_at for name, row in leases().items()}
    return OutboxStatus(
        mail_configured=settings.smtp_host is not None,
        counts={status: counts.get(status, 0) for status in MailStatus},
        oldest_queued_at=oldest,
        last_sent_at=last_sent,
        problems=tuple(
            OutboxProblem(
                m.id,
                m.kind,
                m.recipient,
                m.status,
                m.attempts,
                m.last_error,
                m.created_at,
                m.next_attempt_at,
            )
            for m in problems
        ),
        escalation_addresses=escalation,
        job_runs={job: runs.get(job) for job in Job},
    )
