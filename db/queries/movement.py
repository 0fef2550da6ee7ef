"""Movement reads: the patient's Move screen and flare plan, and the care team's view of levels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.engine import read_session
from db.lookups import patient_today
from db.models import FlarePlan, Patient
from db.movement_inputs import ChosenExercise, movement_state
from db.queries import query
from db.queries.common import own_patient
from db.read_audit import StaffRead
from program.curriculum import PlanEventRef
from program.exercises import Exercise, library_by_slug
from program.movement_plan import levels_reached, lowest_level, step_percent_on
from program.plan_changes import LOWEST_LEVEL
from program.vocabulary import MovementResult, PlanEventKind


@dataclass(frozen=True)
class ExerciseProgress:
    name: str
    unit: str
    first: int  # the plan's first target
    now: int  # the target now


@dataclass(frozen=True)
class MoveView:
    patient_name: str
    local_date: date
    enrolled: bool
    week: int  # program week today (0 before week 1)
    weeks: int
    paused: bool
    pause_reason: str
    flare_today: bool
    chosen: tuple[ChosenExercise, ...]
    library: tuple[Exercise, ...]
    flare_plan: FlarePlan | None
    progress: tuple[ExerciseProgress, ...]
    days_logged: int  # days with any movement logged
    days_on_plan: int  # days on which every exercise logged went as planned

    @property
    def finished(self) -> bool:
        return self.week > self.weeks


@dataclass(frozen=True)
class FlarePlanView:
    patient_name: str
    plan: FlarePlan | None  # the newest version, or None before the first


@dataclass(frozen=True)
class MovementChange:
    kind: str  # movement_level | movement_step
    effective_date: date
    details: dict
    reason: str


@dataclass(frozen=True)
class ClinicianMovementView:
    patient_id: int
    patient_name: str
    local_date: date
    week: int
    weeks: int
    paused: bool
    chosen: tuple[ChosenExercise, ...]
    changes: tuple[MovementChange, ...]  # the clinicians' movement changes, newest first
    lowest_level: int  # the lowest level that still leaves a target
    step_percent: int  # each level's share of the baseline today, in percent
    flare_plan: FlarePlan | None


def newest_flare_plan(session: Session, patient_id: int) -> FlarePlan | None:
    """The patient's newest flare plan version, or None (the callers check who asks)."""
    return session.exec(
        select(FlarePlan)
        .where(FlarePlan.patient_id == patient_id)
        .order_by(FlarePlan.version.desc())
    ).first()


def _progress(chosen: tuple[ChosenExercise, ...], day: date) -> tuple[ExerciseProgress, ...]:
    rows = []
    for item in chosen:
        levels = levels_reached(item.day, item.exercise.unit, day)
        if levels is None:
            continue
        rows.append(ExerciseProgress(item.exercise.name, item.exercise.unit, *levels))
    return tuple(rows)


def _days(chosen: tuple[ChosenExercise, ...]) -> tuple[int, int]:
    """(days with a log, days on which every log went as planned)."""
    results: dict[date, set[str]] = {}
    for item in chosen:
        for log in item.logs:
            results.setdefault(log.local_date, set()).add(log.result)
    kept = sum(found == {MovementResult.AS_PLANNED} for found in results.values())
    return len(results), kept


@query("movement_for_patient")
def movement_for_patient(*, actor: Actor, now: datetime | None = None) -> MoveView:
    """The patient's Move screen: today's target per chosen exercise and why, or a pause."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "movement_for_patient", now)
        state = movement_state(session, patient.id, day)
        logged, kept = _days(state.chosen)
        return MoveView(
            patient_name=patient.given_name,
            local_date=day,
            enrolled=state.enrolled,
            week=state.week,
            weeks=state.weeks,
            paused=state.paused,
            pause_reason=state.pause_reason,
            flare_today=state.flare_today,
            chosen=state.chosen,
            library=tuple(library_by_slug().values()),
            flare_plan=newest_flare_plan(session, patient.id),
            progress=_progress(state.chosen, day),
            days_logged=logged,
            days_on_plan=kept,
        )


@query("flare_plan_for_patient")
def flare_plan_for_patient(*, actor: Actor, now: datetime | None = None) -> FlarePlanView:
    """The patient's own flare plan (newest version), or None before they write one."""
    now = now or utcnow()
    with read_session() as session:
        patient, _ = own_patient(session, actor, "flare_plan_for_patient", now)
        return FlarePlanView(patient.given_name, newest_flare_plan(session, patient.id))


def _changes(events: tuple[PlanEventRef, ...]) -> tuple[MovementChange, ...]:
    kinds = (PlanEventKind.MOVEMENT_LEVEL, PlanEventKind.MOVEMENT_STEP)
    return tuple(
        MovementChange(e.kind, e.effective_date, dict(e.details), e.reason)
        for e in sorted(events, key=lambda e: (e.effective_date, e.sequence), reverse=True)
        if e.kind in kinds
    )


@query("movement_for_clinician", audit=StaffRead(lambda view: "movement levels"))
def movement_for_clinician(
    *, actor: Actor, patient_id: int, now: datetime | None = None
) -> ClinicianMovementView:
    """One patient's movement levels and targets per exercise, for their care team."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "movement_for_clinician", patient_id, now.date())
        patient = session.get(Patient, patient_id)
        if patient is None:
            raise NotFound(f"patient {patient_id}")
        day = patient_today(session, patient_id, now)
        state = movement_state(session, patient_id, day)
        return ClinicianMovementView(
            patient_id=patient_id,
            patient_name=patient.full_name,
            local_date=day,
            week=state.week,
            weeks=state.weeks,
            paused=state.paused,
            chosen=state.chosen,
            changes=_changes(state.events),
            lowest_level=max(LOWEST_LEVEL, lowest_level(state.events)),
            step_percent=step_percent_on(state.events, day),
            flare_plan=newest_flare_plan(session, patient_id),
        )
