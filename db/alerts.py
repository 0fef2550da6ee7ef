"""Alert e-mails written into the outbox in the SAME transaction as the flag that causes them.

A new (or reopened) emergency or urgent flag e-mails the patient's care team today: the active
coordinators and clinicians on it who have an e-mail address. If nobody on the team can be
e-mailed, the clinic-wide coordinators get it instead, so the alert still reaches someone. The
escalation of a flag nobody acknowledged (db/escalation.py) goes to the clinic-wide coordinators.
Nothing here sends: ``python -m db.outbox`` does, after the transaction commits.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from db.models import CareTeamMember, Flag, OutboxMessage, User
from program.alert_wording import alert_body, alert_subject
from program.vocabulary import ALERT_SEVERITIES, MailKind, Role

log = logging.getLogger("recalibrate.alerts")
FLAG_QUEUE = "/flags"
# The right-hand side of every Message-ID the outbox makes (a name of ours, not a mail domain).
MESSAGE_ID_DOMAIN = "outbox.recalibrate"


def new_message_id(kind: str) -> str:
    """A Message-ID made once, when the row is written: every resend of the row reuses it."""
    return f"<{kind}.{uuid.uuid4().hex}@{MESSAGE_ID_DOMAIN}>"


def care_team_addresses(session: Session, patient_id: int, now: datetime) -> list[User]:
    """The patient's coordinators and clinicians today who are active, still hold that role and
    have an e-mail address; one row per person."""
    today = now.date()  # care-team membership is judged by the staff date (UTC), as in db.access
    rows = session.exec(
        select(User, CareTeamMember.role)
        .join(CareTeamMember, CareTeamMember.user_id == User.id)
        .where(
            CareTeamMember.patient_id == patient_id,
            CareTeamMember.from_date <= today,
            or_(CareTeamMember.to_date.is_(None), CareTeamMember.to_date >= today),
            User.active.is_(True),
        )
        .order_by(User.id)
    ).all()
    return _unique(user for user, role in rows if role in user.roles and user.email)


def clinic_wide_coordinators(session: Session) -> list[User]:
    """Active clinic-wide coordinators with an e-mail address."""
    users = session.exec(
        select(User).where(User.clinic_wide.is_(True), User.active.is_(True)).order_by(User.id)
    ).all()
    return _unique(u for u in users if Role.COORDINATOR in u.roles and u.email)


def _unique(users: Iterable[User]) -> list[User]:
    seen: dict[str, User] = {}
    for user in users:
        seen.setdefault(user.email.strip().lower(), user)
    return list(seen.values())


def queue_mail(
    session: Session,
    recipients: Iterable[User],
    *,
    kind: str,
    subject: str,
    body: str,
    flag_id: int | None,
    now: datetime,
) -> list[OutboxMessage]:
    """One outbox row per recipient, in the caller's transaction."""
    messages = [
        OutboxMessage(
            kind=kind,
            recipient=user.email.strip(),
            recipient_user_id=user.id,
            subject=subject,
            body=body,
            link_path=FLAG_QUEUE,
            message_id=new_message_id(kind),
            flag_id=flag_id,
            next_attempt_at=now,
            created_at=now,
        )
        for user in recipients
    ]
    session.add_all(messages)
    return messages


def queue_flag_alert(session: Session, flag: Flag, why: str, now: datetime) -> list[OutboxMessage]:
    """E-mail the care team that a patient needs attention (emergency and urgent flags only)."""
    if flag.severity not in ALERT_SEVERITIES:
        return []
    recipients = care_team_addresses(session, flag.patient_id, now)
    if not recipients:
        recipients = clinic_wide_coordinators(session)
        log.warning("flag %s: nobody on the care team has an e-mail; alerting clinic-wide", flag.id)
    if not recipients:
        log.error("flag %s: no care-team or clinic-wide address: the alert e-mails nobody", flag.id)
    return queue_mail(
        session,
        recipients,
        kind=MailKind.ALERT,
        subject=alert_subject(flag.severity),
        body=alert_body(flag.severity, why),
        flag_id=flag.id,
        now=now,
    )
