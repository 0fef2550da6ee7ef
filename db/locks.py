"""Row locks for writers that read, then write (the read decides what is written).

On SQLite every ``write_session`` already starts with ``BEGIN IMMEDIATE`` (db/engine.py): one
writer at a time, so ``FOR UPDATE`` is not needed and SQLAlchemy leaves it out there. On
PostgreSQL writers run side by side under READ COMMITTED, and a row that does not exist yet cannot
be locked: two saves of one day's check-in would both see "no check-in" and both insert. So a
patient's writers first lock that patient's row; the second waits for the first to commit, then
its reads see what the first wrote. Lock order: the patient, then the rows read, then the audit
chain head (db/audit.py), which every audited write locks last.
"""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import Patient


def lock_patient(session: Session, patient_id: int) -> None:
    """Serialize this transaction with every other writer for the same patient (PostgreSQL)."""
    session.exec(select(Patient.id).where(Patient.id == patient_id).with_for_update()).first()
