"""The care team's panel: their patients, one row each, and patient pickers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import case, func
from sqlmodel import select

from core.clock import local_today, utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.lookups import PAUSE_KINDS, is_current_enrolment, plan_events_by_enrolment
from db.models import CheckIn, Enrolment, Flag, Patient
from db.queries import query
from db.queries.flags import OPEN_STATUSES
from program.curriculum import program_week
from program.rules import SEVERITY_ORDER

PANEL_COLUMNS = [
    "patient_id",
    "name",
    "record_number",
    "week",
    "last_check_in",
    "mean_pain_7d",
    "emergency",
    "urgent",
    "soon",
    "routine",
    "open_flags",
]


@query("panel_for_staff")
def panel_for_staff(*, actor: Actor, now: datetime | None = None) -> pd.DataFrame:
    """The actor's patients, one row each, most severe open flags first (three queries in all)."""
    now = now or utcnow()
    today = now.date()
    where_visible = visible_patient_ids_clause(actor, ("coordinator", "clinician"), today)
    since = today - timedelta(days=6)
    last = (
        select(CheckIn.patient_id, func.max(CheckIn.local_date).label("last_check_in"))
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    recent = (
        select(CheckIn.patient_id, func.avg(CheckIn.pain).label("mean_pain_7d"))
        .where(CheckIn.local_date >= since)
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    severity_counts = [
        func.sum(case((Flag.severity == s, 1), else_=0)).label(s) for s in SEVERITY_ORDER
    ]
    flags = (
        select(Flag.patient_id, *severity_counts)
        .where(Flag.status.in_(OPEN_STATUSES))
        .group_by(Flag.patient_id)
        .subquery()
    )
    query = (
        select(
            Patient.id,
            Patient.given_name,
            Patient.family_name,
            Patient.record_number,
            Patient.timezone,
            Enrolment.id,
            Enrolment.week1_start,
            Enrolment.status,
            last.c.last_check_in,
            recent.c.mean_pain_7d,
            *[flags.c[s] for s in SEVERITY_ORDER],
        )
        .outerjoin(Enrolment, (Enrolment.patient_id == Patient.id) & is_current_enrolment())
        .outerjoin(last, last.c.patient_id == Patient.id)
        .outerjoin(recent, recent.c.patient_id == Patient.id)
        .outerjoin(flags, flags.c.patient_id == Patient.id)
        .where(where_visible)
    )
    with read_session() as session:
        rows = session.exec(query).all()
        enrolment_ids = [r[5] for r in rows if r[5] is not None]
        pauses = plan_events_by_enrolment(session, enrolment_ids, PAUSE_KINDS)
    records = []
    for pid, given, family, mrn, tz, enrol_id, start, status, last_day, mean7, *counts in rows:
        day = local_today(tz, now)
        week = program_week(start, day, pauses.get(enrol_id, ())) if start else None
        if status == "active" and start is None:
            status = "baseline"
        counts = [int(c or 0) for c in counts]
        records.append(
            {
                "patient_id": pid,
                "name": f"{given} {family}",
                "record_number": mrn,
                "week": week if status != "paused" else None,
                "status": status or "not enrolled",
                "last_check_in": last_day,
                "mean_pain_7d": round(float(mean7), 1) if mean7 is not None else None,
                **dict(zip(SEVERITY_ORDER, counts, strict=True)),
                "open_flags": sum(counts),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=[*PANEL_COLUMNS, "status"])
    if frame.empty:
        return frame
    return frame.sort_values(
        by=[*SEVERITY_ORDER, "last_check_in"],
        ascending=[False] * len(SEVERITY_ORDER) + [True],
        na_position="first",
    ).reset_index(drop=True)


@dataclass(frozen=True)
class PatientChoice:
    id: int
    name: str
    record_number: str


@query("patients_for_staff")
def patients_for_staff(
    *, actor: Actor, role: str, now: datetime | None = None
) -> list[PatientChoice]:
    """The patients the actor looks after in ``role`` (for pickers)."""
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(Patient.id, Patient.given_name, Patient.family_name, Patient.record_number)
            .where(visible_patient_ids_clause(actor, (role,), now.date()))
            .order_by(Patient.family_name, Patient.given_name)
        ).all()
    return [PatientChoice(i, f"{g} {f}", mrn) for i, g, f, mrn in rows]
