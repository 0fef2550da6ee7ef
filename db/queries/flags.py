"""The care team's flag queue: each flag with what a coordinator needs to act on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.models import Clinic, Flag, FlagEvent, Patient, User
from db.queries import query
from db.queries.clinic import CLINIC_ID
from db.queries.flag_notes import PatientNote, medicine_notes
from db.read_audit import StaffRead
from program.clinic_hours import DEFAULT_TIMEZONE
from program.flag_names import rule_name
from program.phone import PhoneError, tel_uri
from program.rules import flag_order_key, needs_risk_assessment
from program.vocabulary import CARE_ROLES, OPEN_FLAG_STATUSES, FlagStatus

OPEN_STATUSES = OPEN_FLAG_STATUSES


@dataclass(frozen=True)
class FlagHistoryItem:
    at: datetime
    kind: str  # opened | refreshed | reopened | acknowledged | resolved | risk_assessed
    by: str | None  # the staff member's or patient's display name; None for the rules' own runs
    note: str | None  # typed by staff: plain text


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
    rule_name: str = ""  # the plain name staff read (program.flag_names)
    needs_risk_assessment: bool = False  # closes only by a care-team clinician's assessment
    phone: str | None = None
    tel: str | None = None  # tap-to-call link; None when the stored number cannot be dialled
    preferred_contact: str | None = None
    timezone: str = DEFAULT_TIMEZONE  # the clinic's, for every time shown with the flag
    history: tuple[FlagHistoryItem, ...] = ()  # oldest first


def _tel(phone: str | None) -> str | None:
    if not phone:
        return None
    try:
        return tel_uri(phone)
    except PhoneError:
        return None


def flag_history(session, flag_ids: list[int]) -> dict[int, list[FlagHistoryItem]]:
    """Every flag's history in one query (no query per flag), oldest first."""
    if not flag_ids:
        return {}
    # The four columns shown, not FlagEvent objects: a long-open flag gathers one "refreshed"
    # event a day, and the queue reads every open flag's history (300 patients x 84 days:
    # ~240,000 ORM objects built and thrown away per view).
    rows = session.exec(
        select(FlagEvent.flag_id, FlagEvent.at, FlagEvent.kind, User.display_name, FlagEvent.note)
        .join(User, User.id == FlagEvent.actor_id, isouter=True)
        .where(FlagEvent.flag_id.in_(flag_ids))
        .order_by(FlagEvent.at, FlagEvent.id)
    ).all()
    history: dict[int, list[FlagHistoryItem]] = {}
    for flag_id, *item in rows:
        history.setdefault(flag_id, []).append(FlagHistoryItem(*item))
    return history


@query(
    "flags_for_staff",
    audit=StaffRead(
        lambda rows: f"{len(rows)} flags, panel of {len({f.patient_id for f in rows})}"
    ),
)
def flags_for_staff(
    *, actor: Actor, include_resolved: bool = False, now: datetime | None = None
) -> list[FlagRow]:
    """Flags of the actor's patients: most severe first, self-harm first within a severity, then
    the oldest first (program.rules.flag_order_key)."""
    now = now or utcnow()
    statuses = tuple(FlagStatus) if include_resolved else OPEN_STATUSES
    with read_session() as session:
        rows = session.exec(
            select(Flag, Patient)
            .join(Patient, Patient.id == Flag.patient_id)
            .where(
                visible_patient_ids_clause(actor, CARE_ROLES, now.date()),
                Flag.status.in_(statuses),
            )
        ).all()
        clinic = session.get(Clinic, CLINIC_ID)
        timezone = clinic.timezone if clinic is not None and clinic.timezone else DEFAULT_TIMEZONE
        notes = medicine_notes(session, [(f, p.timezone) for f, p in rows])
        history = flag_history(session, [f.id for f, _ in rows])
    rows = sorted(
        rows, key=lambda r: flag_order_key(r[0].severity, r[0].rule, r[0].inputs, r[0].opened_at)
    )
    return [
        _row(f, p, notes.get(f.id, ()), tuple(history.get(f.id, ())), timezone) for f, p in rows
    ]


def _row(
    f: Flag,
    p: Patient,
    notes: tuple[PatientNote, ...],
    history: tuple[FlagHistoryItem, ...],
    timezone: str,
) -> FlagRow:
    inputs: dict[str, Any] = f.inputs or {}
    return FlagRow(
        id=f.id,
        patient_id=f.patient_id,
        patient_name=p.full_name,
        rule=f.rule,
        severity=f.severity,
        status=f.status,
        explanation=f.explanation,
        opened_at=f.opened_at,
        acknowledge_note=f.acknowledge_note,
        resolution_note=f.resolution_note,
        patient_notes=notes,
        rule_name=rule_name(f.rule, inputs),
        needs_risk_assessment=needs_risk_assessment(f.rule, inputs),
        phone=p.phone,
        tel=_tel(p.phone),
        preferred_contact=p.preferred_contact,
        timezone=timezone,
        history=history,
    )
