"""Escalation: an emergency or urgent flag nobody acknowledged in time reaches the clinic-wide
coordinators.

"In time" is ``ALERT_DEFAULTS.escalation_working_hours`` (4) WORKING hours, counted in the clinic's
opening hours and time zone from when the episode started: when the flag opened, or when it was
last reopened (a reopening starts a new deadline). Each episode escalates once: an ``escalated``
event in the flag's history, an e-mail (outbox) to every clinic-wide coordinator, and an audit row,
in one transaction. Run by the mail worker (``python -m db.outbox``) under the escalation lease;
re-checked under the flag's row lock, so two workers at once still escalate a flag once.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from core.clock import utcnow
from db.actions.flags import add_event
from db.alerts import clinic_wide_coordinators, queue_mail
from db.audit import record
from db.engine import read_session, write_session
from db.models import Flag
from db.waiting_flags import waiting_flags
from program.alert_wording import escalation_body, escalation_subject
from program.defaults import ALERT_DEFAULTS
from program.vocabulary import FlagEventKind, MailKind


def _escalate(session: Session, flag_id: int, now: datetime, working_hours: float) -> bool:
    """Escalate one flag if, under its row lock, it is still unacknowledged, overdue and not yet
    escalated in this episode."""
    flag = session.get(Flag, flag_id, with_for_update=True)
    if flag is None:
        return False
    fresh = waiting_flags(session, where=Flag.id == flag_id, working_hours=working_hours)
    if not fresh or fresh[0].escalated_at is not None or now < fresh[0].deadline:
        return False
    waiting = fresh[0]
    recipients = clinic_wide_coordinators(session)
    queue_mail(
        session,
        recipients,
        kind=MailKind.ESCALATION,
        subject=escalation_subject(flag.severity),
        body=escalation_body(flag.severity, working_hours),
        flag_id=flag.id,
        now=now,
    )
    note = f"Not acknowledged within {working_hours:g} working hours. " + (
        f"E-mailed {len(recipients)} clinic-wide coordinator(s)."
        if recipients
        else "No clinic-wide coordinator has an e-mail address, so nobody was e-mailed."
    )
    add_event(
        session,
        flag,
        FlagEventKind.ESCALATED,
        now,
        note=note,
        inputs={
            "started_at": waiting.started_at.isoformat(),
            "deadline": waiting.deadline.isoformat(),
            "working_hours": working_hours,
            "emailed": len(recipients),
        },
    )
    record(
        session,
        actor=None,
        action="escalate_flag",
        patient_id=flag.patient_id,
        detail=f"flag {flag.id}: {len(recipients)} e-mails",
    )
    return True


def escalate_overdue(
    now: datetime | None = None,
    *,
    working_hours: float = ALERT_DEFAULTS.escalation_working_hours,
) -> int:
    """Escalate every overdue, unacknowledged emergency or urgent flag once; returns how many."""
    now = now or utcnow()
    with read_session() as session:
        due = [
            w.flag_id
            for w in waiting_flags(session, working_hours=working_hours)
            if w.escalated_at is None and now >= w.deadline
        ]
    escalated = 0
    for flag_id in due:  # one transaction each: one bad flag does not hold back the others
        with write_session() as session:
            escalated += _escalate(session, flag_id, now, working_hours)
    return escalated
