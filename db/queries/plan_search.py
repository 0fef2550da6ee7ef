"""Finding one of the clinician's own patients by name or record number, for the plan page.

Never a list that opens on the first name: nothing is returned until something is typed, and at
most ``SEARCH_LIMIT`` matches (a clinic-wide clinician may look after thousands).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.models import Patient
from db.queries import query
from db.read_audit import StaffRead
from program.vocabulary import Role

SEARCH_LIMIT = 20
SEARCH_MAX = 80  # characters of a search that are used


@dataclass(frozen=True)
class PatientMatch:
    id: int
    name: str
    record_number: str


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@query("find_my_patients", audit=StaffRead(lambda rows: f"patient search: {len(rows)} found"))
def find_my_patients(*, actor: Actor, text: str, now: datetime | None = None) -> list[PatientMatch]:
    """The actor's own patients (as clinician) whose name or record number holds every word typed."""
    now = now or utcnow()
    words = (text or "")[:SEARCH_MAX].split()
    if not words:
        return []
    query_ = select(
        Patient.id, Patient.given_name, Patient.family_name, Patient.record_number
    ).where(visible_patient_ids_clause(actor, (Role.CLINICIAN,), now.date()))
    for word in words:
        pattern = _like(word)
        query_ = query_.where(
            or_(
                Patient.given_name.ilike(pattern, escape="\\"),
                Patient.family_name.ilike(pattern, escape="\\"),
                Patient.record_number.ilike(pattern, escape="\\"),
            )
        )
    with read_session() as session:
        rows = session.exec(
            query_.order_by(Patient.family_name, Patient.given_name, Patient.id).limit(SEARCH_LIMIT)
        ).all()
    return [PatientMatch(i, f"{g} {f}", mrn) for i, g, f, mrn in rows]
