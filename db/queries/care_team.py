"""Who looks after me: the patient's current coordinator(s) and clinician(s), by name only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.engine import read_session
from db.lookups import patient_today
from db.models import CareTeamMember, Patient, User
from db.queries import query
from program.vocabulary import CARE_ROLES, Role


@dataclass(frozen=True)
class CareTeamView:
    patient_id: int
    coordinators: tuple[str, ...]
    clinicians: tuple[str, ...]


@query("care_team_for_patient")
def care_team_for_patient(*, actor: Actor, now: datetime | None = None) -> CareTeamView:
    """The patient's own care team today (in the patient's time zone); display names only."""
    if actor.patient_id is None:
        raise NotFound("patient")
    with read_session() as session:
        patient = session.get(Patient, actor.patient_id)
        if patient is None:
            raise NotFound("patient")
        today = patient_today(session, patient.id, now or utcnow())
        require_patient(session, actor, "care_team_for_patient", patient.id, today)
        rows = session.exec(
            select(CareTeamMember.role, User.display_name)
            .join(User, User.id == CareTeamMember.user_id)
            .where(
                CareTeamMember.patient_id == patient.id,
                CareTeamMember.from_date <= today,
                or_(CareTeamMember.to_date.is_(None), CareTeamMember.to_date >= today),
                User.active,
            )
            .order_by(CareTeamMember.from_date, CareTeamMember.id)
        ).all()
    names = {role: tuple(dict.fromkeys(n for r, n in rows if r == role)) for role in CARE_ROLES}
    return CareTeamView(patient.id, names[Role.COORDINATOR], names[Role.CLINICIAN])
