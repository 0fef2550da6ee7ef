"""Overdue flags: emergency and urgent flags nobody acknowledged within the working hours allowed
(db/escalation.py), for the care team's queue and flag pages; most overdue first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.clock import utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.queries import query
from db.read_audit import StaffRead
from db.waiting_flags import waiting_flags
from program.defaults import ALERT_DEFAULTS
from program.flag_names import rule_name
from program.vocabulary import CARE_ROLES


@dataclass(frozen=True)
class OverdueFlag:
    flag_id: int
    patient_id: int
    patient_name: str
    severity: str
    rule_name: str
    started_at: datetime  # opened, or last reopened
    deadline: datetime
    escalated_at: datetime | None
    timezone: str  # the clinic's, for showing the times


@query(
    "overdue_flags_for_staff",
    audit=StaffRead(
        lambda rows: f"{len(rows)} overdue flags, panel of {len({r.patient_id for r in rows})}"
    ),
)
def overdue_flags_for_staff(*, actor: Actor, now: datetime | None = None) -> list[OverdueFlag]:
    """The actor's patients' unacknowledged emergency and urgent flags past their deadline."""
    now = now or utcnow()
    with read_session() as session:
        waiting = waiting_flags(
            session,
            where=visible_patient_ids_clause(actor, CARE_ROLES, now.date()),
            working_hours=ALERT_DEFAULTS.escalation_working_hours,
        )
    overdue = sorted((w for w in waiting if now >= w.deadline), key=lambda w: w.deadline)
    return [
        OverdueFlag(
            flag_id=w.flag_id,
            patient_id=w.patient_id,
            patient_name=w.patient_name,
            severity=w.severity,
            rule_name=rule_name(w.rule, w.inputs),
            started_at=w.started_at,
            deadline=w.deadline,
            escalated_at=w.escalated_at,
            timezone=w.timezone,
        )
        for w in overdue
    ]
