"""Helpers the patient's own reads share (no registered reads here)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from db.access import Actor, NotFound, require_patient
from db.lookups import patient_today
from db.models import Patient


def own_patient(
    session: Session, actor: Actor, action_name: str, now: datetime
) -> tuple[Patient, date]:
    """The acting patient's record and local date; NotFound for anyone else."""
    if actor.patient_id is None:
        raise NotFound("patient")
    patient = session.get(Patient, actor.patient_id)
    if patient is None:
        raise NotFound("patient")
    day = patient_today(session, patient.id, now)
    require_patient(session, actor, action_name, patient.id, day)
    return patient, day
