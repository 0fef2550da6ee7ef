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

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, select

from core.clock import utcnow
from db.actions.flags import add_event
from db.alerts import clinic_wide_coordinators, queue_mail
from db.audit import record
from db.engine import read_session, write_session
from db.models import Clinic, Flag, FlagEvent, Patient
from program.alert_wording import escalation_body, escalation_subject
from program.clinic_hours import DEFAULT_TIMEZONE, Hours, HoursError, parse_hours
from program.defaults import ALERT_DEFAULTS
from program.escalation import escalation_deadline
from program.vocabulary import ALERT_SEVERITIES, FlagEventKind, FlagStatus, MailKind

CLINIC_ID = 1
STARTS = (FlagEventKind.OPENED, FlagEventKind.REOPENED)


@dataclass(frozen=True)
class WaitingFlag:
    """An emergency or urgent flag nobody has acknowledged yet, with its deadline."""

    flag_id: int
    patient_id: int
    patient_name: str
    rule: str
    inputs: dict[str, Any]
    severity: str
    started_at: datetime  # opened, or last reopened: the deadline counts from here
    deadline: datetime
    escalated_at: datetime | None  # when this episode escalated, if it has
    timezone: str  # the clinic's, for showing the times


def clinic_hours(session: Session) -> tuple[Hours, str]:
    """The clinic's opening hours and time zone (none set: every hour counts, db/escalation)."""
    clinic = session.get(Clinic, CLINIC_ID)
    if clinic is None:
        return {}, DEFAULT_TIMEZONE
    try:
        hours = parse_hours(clinic.hours or {})
    except HoursError:  # validated on save; never stop an escalation over a bad stored row
        hours = {}
    return hours, clinic.timezone or DEFAULT_TIMEZONE


def waiting_flags(
    session: Session,
    *,
    where: ColumnElement | None = None,
    working_hours: float = ALERT_DEFAULTS.escalation_working_hours,
) -> list[WaitingFlag]:
    """Unacknowledged emergency and urgent flags (optionally only those ``where`` allows: a
    condition on Flag or Patient), each with its episode's start, deadline and escalation, in
    two queries."""
    query = (
        select(Flag, Patient.given_name, Patient.family_name)
        .join(Patient, Patient.id == Flag.patient_id)
        .where(Flag.status == FlagStatus.OPEN, Flag.severity.in_(ALERT_SEVERITIES))
    )
    if where is not None:
        query = query.where(where)
    rows = session.exec(query).all()
    if not rows:
        return []
    latest: dict[tuple[int, str], datetime] = {}
    for flag_id, kind, at in session.exec(
        select(FlagEvent.flag_id, FlagEvent.kind, func.max(FlagEvent.at))
        .where(
            FlagEvent.flag_id.in_([f.id for f, *_ in rows]),
            FlagEvent.kind.in_((*STARTS, FlagEventKind.ESCALATED)),
        )
        .group_by(FlagEvent.flag_id, FlagEvent.kind)
    ):
        latest[(flag_id, kind)] = at
    hours, tz = clinic_hours(session)
    waiting = []
    for flag, given, family in rows:
        started = max(
            [flag.opened_at, *(latest[(flag.id, k)] for k in STARTS if (flag.id, k) in latest)]
        )
        escalated = latest.get((flag.id, FlagEventKind.ESCALATED))
        waiting.append(
            WaitingFlag(
                flag_id=flag.id,
                patient_id=flag.patient_id,
                patient_name=f"{given} {family}",
                rule=flag.rule,
                inputs=dict(flag.inputs or {}),
                severity=flag.severity,
                started_at=started,
                deadline=escalation_deadline(started, hours, tz, working_hours=working_hours),
                escalated_at=escalated if escalated is not None and escalated >= started else None,
                timezone=tz,
            )
        )
    return waiting


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
