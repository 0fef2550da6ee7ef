"""A patient's movement on their local day, read set-based for the Move screen, the log action,
Progress and the clinician's view (no permission checks here: the callers make them).

One query each for the chosen exercises, their baseline days, their logs, the check-ins and the
plan events, whatever the number of exercises; ``program.movement_plan`` decides the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from db.lookups import current_enrolment_with_program, plan_events
from db.models import CheckIn, ExerciseChoice, MovementBaselineDay, MovementLog
from program.curriculum import PlanEventRef, program_week
from program.exercises import Exercise, library_by_slug
from program.movement import flare_days
from program.movement_plan import ExerciseDay, exercise_day, paused_on, with_planned_ends
from program.vocabulary import PAUSE_EVENT_KINDS, PlanEventKind

MOVEMENT_KINDS = (*PAUSE_EVENT_KINDS, PlanEventKind.MOVEMENT_LEVEL, PlanEventKind.MOVEMENT_STEP)
# Flare detection looks 7 days back, and the pacing rule 14 days before a plan's first week.
_LOOK_BACK = timedelta(days=21)


@dataclass(frozen=True)
class ChosenExercise:
    choice_id: int
    exercise: Exercise
    day: ExerciseDay
    baseline_amounts: tuple[int, ...]  # the baseline days so far, oldest first
    baseline_today: int | None  # today's baseline entry, if any
    log_today: MovementLog | None
    logs: tuple[MovementLog, ...]  # every log of this choice, oldest first


@dataclass(frozen=True)
class MovementState:
    local_date: date
    enrolled: bool
    week: int  # program week today (0 before week 1)
    weeks: int
    paused: bool
    pause_reason: str
    flare_today: bool  # today's check-in says "flare"
    chosen: tuple[ChosenExercise, ...]
    events: tuple[PlanEventRef, ...]  # the pause and movement plan events, oldest first
    flares: frozenset[date]

    def exercise(self, slug: str) -> ChosenExercise | None:
        return next((c for c in self.chosen if c.exercise.slug == slug), None)


def active_choices(session: Session, patient_id: int) -> list[ExerciseChoice]:
    """The patient's chosen exercises, in the order they chose them."""
    return list(
        session.exec(
            select(ExerciseChoice)
            .where(ExerciseChoice.patient_id == patient_id, ExerciseChoice.stopped_on.is_(None))
            .order_by(ExerciseChoice.id)
        ).all()
    )


def movement_state(session: Session, patient_id: int, day: date) -> MovementState:
    """Everything about the patient's movement on their local ``day``."""
    found = current_enrolment_with_program(session, patient_id)
    choices = active_choices(session, patient_id)
    ids = [c.id for c in choices]
    baselines: dict[int, list[MovementBaselineDay]] = defaultdict(list)
    logs: dict[int, list[MovementLog]] = defaultdict(list)
    if ids:
        for row in session.exec(
            select(MovementBaselineDay)
            .where(MovementBaselineDay.choice_id.in_(ids))
            .order_by(MovementBaselineDay.local_date)
        ):
            baselines[row.choice_id].append(row)
        for row in session.exec(
            select(MovementLog)
            .where(MovementLog.choice_id.in_(ids))
            .order_by(MovementLog.local_date)
        ):
            logs[row.choice_id].append(row)
    enrolment, program = found if found else (None, None)
    events = tuple(plan_events(session, enrolment.id, MOVEMENT_KINDS)) if enrolment else ()
    since = (enrolment.start_date if enrolment else day) - _LOOK_BACK
    check_ins = {
        row.local_date: row
        for row in session.exec(
            select(CheckIn.local_date, CheckIn.pain, CheckIn.flare).where(
                CheckIn.patient_id == patient_id,
                CheckIn.local_date >= since,
                CheckIn.local_date <= day,
            )
        )
    }
    flares = frozenset(flare_days(check_ins))
    weeks = program.weeks if program else 12
    week1 = enrolment.week1_start if enrolment else None
    chosen = []
    library = library_by_slug()
    for choice in choices:
        exercise = library.get(choice.exercise)
        if exercise is None:  # no longer in the shipped library: nothing to show or compute
            continue
        base = baselines[choice.id]
        done = logs[choice.id]
        chosen.append(
            ChosenExercise(
                choice_id=choice.id,
                exercise=exercise,
                day=exercise_day(
                    unit=exercise.unit,
                    baseline_days=[(b.local_date, b.amount) for b in base],
                    results={log.local_date: log.result for log in done},
                    flare_days=flares,
                    events=events,
                    exercise=exercise.slug,
                    week1_start=week1,
                    weeks=weeks,
                    day=day,
                ),
                baseline_amounts=tuple(b.amount for b in base),
                baseline_today=next((b.amount for b in base if b.local_date == day), None),
                log_today=next((log for log in done if log.local_date == day), None),
                logs=tuple(done),
            )
        )
    paused, reason = paused_on(events, day) if enrolment else (False, "")
    week = program_week(week1, day, with_planned_ends(events)) if enrolment else 0
    today_check_in = check_ins.get(day)
    return MovementState(
        local_date=day,
        enrolled=enrolment is not None,
        week=week,
        weeks=weeks,
        paused=paused,
        pause_reason=reason,
        flare_today=bool(today_check_in and today_check_in.flare),
        chosen=tuple(chosen),
        events=events,
        flares=flares,
    )
