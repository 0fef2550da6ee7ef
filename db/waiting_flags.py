"""Flags waiting for the care team: unacknowledged emergency and urgent flags with their deadline.

The one reading of "how long has this flag waited, and when is it overdue", shared by the
escalation job (db/escalation.py) and the care team's overdue box (db/queries/overdue.py). Reads
only; imports no actions (the escalation job writes through them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, select

from db.models import Clinic, Flag, FlagEvent, Patient
from program.clinic_hours import DEFAULT_TIMEZONE, Hours, HoursError, parse_hours
from program.defaults import ALERT_DEFAULTS
from program.escalation import escalation_deadline
from program.vocabulary import ALERT_SEVERITIES, FlagEventKind, FlagStatus

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
