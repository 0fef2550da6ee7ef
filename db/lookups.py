"""The one meaning of the lookups that several queries and actions share (no permission checks).

- The *current enrolment* is the patient's newest enrolment that is active or paused. Maintenance
  after week 12 is an active enrolment past its last week; completed and withdrawn enrolments are
  history.
- A patient's *today* is the calendar date in their own time zone.
- *Plan events* are the enrolment's PlanEvent rows as ``PlanEventRef``s, oldest first.
- A module's *version in effect* on a patient's local day is its highest-numbered published version
  whose ``effective_from`` is empty or not after that day: a version published "from next Monday"
  reaches each patient on their own Monday. Drafts and discarded versions never reach a patient.
  The week a module sits in on that day is the version's ``week`` when it sets one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.access import NotFound
from db.models import Clinic, Enrolment, Module, ModuleVersion, Patient, PlanEvent, Program
from program.clinic_hours import DEFAULT_TIMEZONE
from program.curriculum import ModuleRef, PlanEventRef
from program.vocabulary import CURRENT_ENROLMENT_STATUSES, PAUSE_EVENT_KINDS, VersionStatus

CURRENT_STATUSES = CURRENT_ENROLMENT_STATUSES
PAUSE_KINDS = PAUSE_EVENT_KINDS


def is_current_enrolment():
    """A SQL condition on Enrolment: active or paused (for joins in set-based queries)."""
    return Enrolment.status.in_(CURRENT_STATUSES)


def current_enrolment(session: Session, patient_id: int) -> Enrolment | None:
    """The patient's newest active or paused enrolment, or None."""
    return session.exec(
        select(Enrolment)
        .where(Enrolment.patient_id == patient_id, is_current_enrolment())
        .order_by(Enrolment.id.desc())
    ).first()


def current_enrolment_with_program(
    session: Session, patient_id: int
) -> tuple[Enrolment, Program] | None:
    """The current enrolment (as ``current_enrolment``) with its program, or None."""
    return session.exec(
        select(Enrolment, Program)
        .join(Program, Program.id == Enrolment.program_id)
        .where(Enrolment.patient_id == patient_id, is_current_enrolment())
        .order_by(Enrolment.id.desc())
    ).first()


def patient_today(session: Session, patient_id: int, now: datetime) -> date:
    """The date it is at ``now`` where the patient lives; NotFound for an unknown patient."""
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(f"patient {patient_id}")
    return local_today(patient.timezone, now)


def clinic_timezone(session: Session) -> str:
    """The clinic's IANA time zone (the one Clinic row; the default before an admin sets it)."""
    clinic = session.get(Clinic, 1)
    return clinic.timezone if clinic is not None and clinic.timezone else DEFAULT_TIMEZONE


def clinic_today(session: Session, now: datetime) -> date:
    """The date it is at ``now`` where the clinic is (staff dates such as "publish from today")."""
    return local_today(clinic_timezone(session), now)


def _ref(event: PlanEvent) -> PlanEventRef:
    return PlanEventRef(
        event.kind,
        event.effective_date,
        event.module_id,
        event.reason,
        event.id,
        details=dict(event.details or {}),
        until=event.until_date,
    )


def plan_events(
    session: Session, enrolment_id: int, kinds: Iterable[str] | None = None
) -> list[PlanEventRef]:
    """The enrolment's plan events (only ``kinds`` when given), oldest first."""
    return plan_events_by_enrolment(session, [enrolment_id], kinds).get(enrolment_id, [])


def plan_events_by_enrolment(
    session: Session, enrolment_ids: Iterable[int], kinds: Iterable[str] | None = None
) -> dict[int, list[PlanEventRef]]:
    """Plan events of many enrolments in one query, by enrolment id, oldest first."""
    ids = list(enrolment_ids)
    if not ids:
        return {}
    return _by_enrolment(session, select(PlanEvent).where(PlanEvent.enrolment_id.in_(ids)), kinds)


def plan_events_of(
    session: Session, enrolments, kinds: Iterable[str] | None = None
) -> dict[int, list[PlanEventRef]]:
    """As ``plan_events_by_enrolment``, for the enrolments of a subquery with an
    ``enrolment_id`` column (a cohort: a join, not thousands of ids sent with the query)."""
    query = select(PlanEvent).join(enrolments, enrolments.c.enrolment_id == PlanEvent.enrolment_id)
    return _by_enrolment(session, query, kinds)


def _by_enrolment(
    session: Session, query, kinds: Iterable[str] | None
) -> dict[int, list[PlanEventRef]]:
    """The plan events ``query`` selects (only ``kinds`` when given), by enrolment, oldest first."""
    if kinds is not None:
        query = query.where(PlanEvent.kind.in_(tuple(kinds)))
    events: dict[int, list[PlanEventRef]] = {}
    for event in session.exec(query.order_by(PlanEvent.id)):
        events.setdefault(event.enrolment_id, []).append(_ref(event))
    return events


def in_effect(day: date):
    """A SQL condition on ModuleVersion: published, and in effect on the local date ``day``."""
    return (ModuleVersion.status == VersionStatus.PUBLISHED) & (
        ModuleVersion.effective_from.is_(None) | (ModuleVersion.effective_from <= day)
    )


def newest_published_versions(
    session: Session, program_id: int, day: date | None = None
) -> list[tuple[Module, ModuleVersion]]:
    """Each module of the program with its version in effect on the patient's local ``day``
    (modules without one left out). Pass the patient's day; None means today's UTC date."""
    day = utcnow().date() if day is None else day
    newest = (
        select(ModuleVersion.module_id, func.max(ModuleVersion.number).label("number"))
        .where(in_effect(day))
        .group_by(ModuleVersion.module_id)
        .subquery()
    )
    rows = session.exec(
        select(Module, ModuleVersion)
        .join(newest, newest.c.module_id == Module.id)
        .join(
            ModuleVersion,
            (ModuleVersion.module_id == Module.id) & (ModuleVersion.number == newest.c.number),
        )
        .where(Module.program_id == program_id)
    ).all()
    return list(rows)


def module_ref(module: Module, title: str = "", week: int | None = None) -> ModuleRef:
    """The pure-domain view of a module (program.curriculum), in ``week`` when a version moves it."""
    return ModuleRef(module.id, module.slug, week or module.week, module.track, module.order, title)


def version_ref(module: Module, version: ModuleVersion) -> ModuleRef:
    """The module as its version in effect presents it: that version's title and week."""
    return module_ref(module, version.title, version.week)


def published_modules(
    session: Session, program_id: int, day: date | None = None
) -> list[ModuleRef]:
    """The program's modules as their versions in effect on ``day`` present them."""
    return [version_ref(m, v) for m, v in newest_published_versions(session, program_id, day)]
