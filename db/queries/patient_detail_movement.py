"""The patient detail's movement record: each chosen exercise's level and today's target, and the
sessions done against the days planned in the last two weeks (the callers check who asks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from db.movement_inputs import ChosenExercise, movement_state
from program.movement_plan import MoveState, paused_days, step_percent_on
from program.vocabulary import MovementResult

# The stretch "done vs planned" counts: the two weeks before today (today is still going on).
RECENT_DAYS = 14


@dataclass(frozen=True)
class ExerciseRecord:
    name: str
    unit: str  # ExerciseUnit: minutes or reps
    state: str  # MoveState: baseline, waiting, target or paused
    baseline: float | None  # the mean of the comfortable days, once there are three
    level: int | None  # this week's level on its plan (None outside the plan)
    target: int | None  # today's target, as the patient sees it
    planned_days: int  # days with a target in the RECENT_DAYS before today (pauses left out)
    done_days: int  # of those, days the patient logged it
    as_planned: int  # of those, days logged "as planned"


@dataclass(frozen=True)
class MovementRecord:
    exercises: tuple[ExerciseRecord, ...]  # in the order the patient chose them
    step_percent: int  # each level's share of the baseline today, in percent
    since: date  # the first day counted
    until: date  # the last day counted (yesterday, the patient's)


def _planned(item: ChosenExercise, days: list[date], paused: set[date]) -> list[date]:
    start = item.day.starts_on
    if start is None or item.day.baseline is None:
        return []
    return [d for d in days if d >= start and d not in paused]


def movement_record(session: Session, patient_id: int, today: date) -> MovementRecord:
    state = movement_state(session, patient_id, today)
    days = [today - timedelta(days=k) for k in range(RECENT_DAYS, 0, -1)]
    paused = paused_days(state.events, today)
    rows = []
    for item in state.chosen:
        planned = set(_planned(item, days, paused))
        logged = {log.local_date: log.result for log in item.logs if log.local_date in planned}
        week = item.day.this_week
        rows.append(
            ExerciseRecord(
                name=item.exercise.name,
                unit=item.exercise.unit,
                state=item.day.state,
                baseline=item.day.baseline,
                level=week.level if week else None,
                target=item.day.target if item.day.state == MoveState.TARGET else None,
                planned_days=len(planned),
                done_days=len(logged),
                as_planned=sum(r == MovementResult.AS_PLANNED for r in logged.values()),
            )
        )
    return MovementRecord(tuple(rows), step_percent_on(state.events, today), days[0], days[-1])
