"""The care team's panel: their patients, one row each, and patient pickers.

The panel's 7-day mean pain follows the rule of the patient's Progress
(``program.analytics.recent_mean_pain``): the 7 days ending on the patient's own local date, and
only with enough check-ins in them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import case, func
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.lookups import PAUSE_KINDS, is_current_enrolment, plan_events_by_enrolment
from db.models import CheckIn, Enrolment, Flag, Patient
from db.queries import query
from db.queries.flags import OPEN_STATUSES
from db.read_audit import StaffRead, panel_of
from program.analytics import recent_mean_pain
from program.curriculum import pause_state, program_week
from program.defaults import DEFAULTS
from program.vocabulary import CARE_ROLES, SEVERITY_ORDER, EnrolmentStatus

SEVERITY_COLUMNS = [s.value for s in SEVERITY_ORDER]
PANEL_COLUMNS = [
    "patient_id",
    "name",
    "record_number",
    "week",
    "last_check_in",
    "mean_pain_7d",
    *SEVERITY_COLUMNS,
    "open_flags",
]


@query("panel_for_staff", audit=StaffRead(panel_of))
def panel_for_staff(*, actor: Actor, now: datetime | None = None) -> pd.DataFrame:
    """The actor's patients, one row each, most severe open flags first (four queries in all)."""
    now = now or utcnow()
    today = now.date()
    where_visible = visible_patient_ids_clause(actor, CARE_ROLES, today)
    last = (
        select(CheckIn.patient_id, func.max(CheckIn.local_date).label("last_check_in"))
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    severity_counts = [
        func.sum(case((Flag.severity == s, 1), else_=0)).label(s) for s in SEVERITY_COLUMNS
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
            Enrolment.start_date,
            last.c.last_check_in,
            *[flags.c[s] for s in SEVERITY_COLUMNS],
        )
        .outerjoin(Enrolment, (Enrolment.patient_id == Patient.id) & is_current_enrolment())
        .outerjoin(last, last.c.patient_id == Patient.id)
        .outerjoin(flags, flags.c.patient_id == Patient.id)
        .where(where_visible)
    )
    with read_session() as session:
        rows = session.exec(query).all()
        enrolment_ids = [r[5] for r in rows if r[5] is not None]
        pauses = plan_events_by_enrolment(session, enrolment_ids, PAUSE_KINDS)
        pain = _recent_pain(session, where_visible, today)
    records = []
    for row in rows:
        pid, given, family, mrn, tz, enrol_id, start, status, enrolled, last_day, *counts = row
        day = local_today(tz, now)
        week = program_week(start, day, pauses.get(enrol_id, ())) if start else None
        # Progress counts the check-ins of the current enrolment only.
        since = enrolled or date.min
        mean7 = recent_mean_pain({d: p for d, p in pain.get(pid, {}).items() if d >= since}, day)
        if status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED):
            # From the plan events, not the stored status: a pause ends by itself after its end.
            paused = pause_state(pauses.get(enrol_id, ()), day)[0]
            status = EnrolmentStatus.PAUSED if paused else EnrolmentStatus.ACTIVE
        if status == EnrolmentStatus.ACTIVE and start is None:
            status = "baseline"
        counts = [int(c or 0) for c in counts]
        records.append(
            {
                "patient_id": pid,
                "name": f"{given} {family}",
                "record_number": mrn,
                "week": week if status != EnrolmentStatus.PAUSED else None,
                "status": status or "not enrolled",
                "last_check_in": last_day,
                "mean_pain_7d": round(mean7, 1) if mean7 is not None else None,
                **dict(zip(SEVERITY_COLUMNS, counts, strict=True)),
                "open_flags": sum(counts),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=[*PANEL_COLUMNS, "status"])
    if frame.empty:
        return frame
    return frame.sort_values(
        by=[*SEVERITY_COLUMNS, "last_check_in"],
        ascending=[False] * len(SEVERITY_COLUMNS) + [True],
        na_position="first",
    ).reset_index(drop=True)


def _recent_pain(session: Session, where_visible, utc_today: date) -> dict[int, dict[date, float]]:
    """Pain by local date of every check-in that can fall in a patient's recent window, in one query.

    A local date is at most one day from the UTC date, so the window of any patient's local today
    lies within these days; ``recent_mean_pain`` then keeps the patient's own window.
    """
    first = utc_today - timedelta(days=DEFAULTS.pain_window_days)
    rows = session.exec(
        select(CheckIn.patient_id, CheckIn.local_date, CheckIn.pain)
        .join(Patient, Patient.id == CheckIn.patient_id)
        .where(
            where_visible,
            CheckIn.local_date >= first,
            CheckIn.local_date <= utc_today + timedelta(days=1),
        )
    ).all()
    pain: dict[int, dict[date, float]] = defaultdict(dict)
    for patient_id, day, value in rows:
        pain[patient_id][day] = float(value)
    return pain


@dataclass(frozen=True)
class PatientChoice:
    id: int
    name: str
    record_number: str


@query("patients_for_staff", audit=StaffRead(panel_of))
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
