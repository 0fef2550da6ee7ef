"""The care team's flag queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case
from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.models import Flag, Patient
from db.queries import query
from db.queries.flag_notes import PatientNote, medicine_notes
from program.vocabulary import CARE_ROLES, OPEN_FLAG_STATUSES, SEVERITY_ORDER, FlagStatus

OPEN_STATUSES = OPEN_FLAG_STATUSES


@dataclass(frozen=True)
class FlagRow:
    id: int
    patient_id: int
    patient_name: str
    rule: str
    severity: str
    status: str
    explanation: str
    opened_at: datetime
    acknowledge_note: str | None
    resolution_note: str | None
    # What the patient wrote that this flag is about (the medicine-change note); plain text.
    patient_notes: tuple[PatientNote, ...] = ()


@query("flags_for_staff")
def flags_for_staff(
    *, actor: Actor, include_resolved: bool = False, now: datetime | None = None
) -> list[FlagRow]:
    """Flags of the actor's patients, most severe and oldest first."""
    now = now or utcnow()
    statuses = tuple(FlagStatus) if include_resolved else OPEN_STATUSES
    rank = case(
        {s: i for i, s in enumerate(SEVERITY_ORDER)}, value=Flag.severity, else_=len(SEVERITY_ORDER)
    )
    with read_session() as session:
        rows = session.exec(
            select(Flag, Patient.given_name, Patient.family_name, Patient.timezone)
            .join(Patient, Patient.id == Flag.patient_id)
            .where(
                visible_patient_ids_clause(actor, CARE_ROLES, now.date()),
                Flag.status.in_(statuses),
            )
            .order_by(rank, Flag.opened_at)
        ).all()
        notes = medicine_notes(session, [(f, tz) for f, _, _, tz in rows])
    return [
        FlagRow(
            f.id,
            f.patient_id,
            f"{g} {fam}",
            f.rule,
            f.severity,
            f.status,
            f.explanation,
            f.opened_at,
            f.acknowledge_note,
            f.resolution_note,
            notes.get(f.id, ()),
        )
        for f, g, fam, _ in rows
    ]
