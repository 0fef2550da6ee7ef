"""The patient's movement: choosing exercises, baseline days, daily logs, their flare plan.

Targets are computed (db/movement_inputs.py); a log stores the target the patient saw that day.
A clinician changes levels through ``change_plan`` (kinds movement_level / movement_step).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import bounded_int, clean_text, own_record, write_audit
from db.engine import write_session
from db.lookups import current_enrolment
from db.models import (
    ExerciseChoice,
    FlarePlan,
    MovementBaselineDay,
    MovementLog,
    max_length,
)
from db.movement_inputs import active_choices, movement_state
from program import move_wording as mw
from program.defaults import DEFAULTS
from program.exercises import library_by_slug
from program.movement_plan import MAX_AMOUNT, MAX_CHOSEN, MoveState
from program.vocabulary import MovementFeeling, MovementResult

PAUSED = "Your program is paused, so movement waits for now. Nothing is missed."


def _enrolled(session: Session, patient_id: int) -> None:
    if current_enrolment(session, patient_id) is None:
        raise InvalidInput(mw.NOT_SET_UP)


def _chosen(session: Session, patient_id: int, exercise: str) -> ExerciseChoice:
    choice = next((c for c in active_choices(session, patient_id) if c.exercise == exercise), None)
    if choice is None:
        raise InvalidInput("Please choose this exercise on the Move page first.")
    return choice


@action("choose_exercises")
def choose_exercises(
    *, actor: Actor, exercises: list[str], now: datetime | None = None
) -> list[ExerciseChoice]:
    """Set the exercises the patient works on: new ones start with baseline days, dropped ones stop."""
    now = now or utcnow()
    wanted = list(dict.fromkeys(exercises))
    unknown = [slug for slug in wanted if slug not in library_by_slug()]
    if unknown:
        raise InvalidInput("Please choose exercises from the list.")
    if len(wanted) > MAX_CHOSEN:
        raise InvalidInput(f"Please choose up to {MAX_CHOSEN} exercises.")
    with write_session() as session:
        patient_id, day = own_record(session, actor, "choose_exercises", now)
        _enrolled(session, patient_id)
        current = active_choices(session, patient_id)
        for choice in current:
            if choice.exercise not in wanted:
                choice.stopped_on = day
                session.add(choice)
        have = {c.exercise for c in current}
        for slug in wanted:
            if slug not in have:
                session.add(
                    ExerciseChoice(
                        patient_id=patient_id, exercise=slug, chosen_on=day, created_at=now
                    )
                )
        session.flush()
        write_audit(session, actor, "choose_exercises", patient_id, f"{len(wanted)} exercises")
        return active_choices(session, patient_id)


@action("record_baseline_day")
def record_baseline_day(
    *, actor: Actor, exercise: str, amount: int, now: datetime | None = None
) -> MovementBaselineDay:
    """Today's comfortable amount of a chosen exercise, until its three baseline days are done."""
    now = now or utcnow()
    amount = bounded_int("an amount", amount, 1, MAX_AMOUNT)
    with write_session() as session:
        patient_id, day = own_record(session, actor, "record_baseline_day", now)
        if movement_state(session, patient_id, day).paused:
            raise InvalidInput(PAUSED)
        choice = _chosen(session, patient_id, exercise)
        days = list(
            session.exec(
                select(MovementBaselineDay)
                .where(MovementBaselineDay.choice_id == choice.id)
                .order_by(MovementBaselineDay.local_date)
            ).all()
        )
        row = next((d for d in days if d.local_date == day), None)
        if row is None and len(days) >= DEFAULTS.movement_baseline_days:
            raise InvalidInput("Your starting point for this exercise is already set.")
        if row is None:
            row = MovementBaselineDay(
                choice_id=choice.id, patient_id=patient_id, local_date=day, amount=amount
            )
        row.amount, row.updated_at = amount, now
        session.add(row)
        session.flush()
        write_audit(session, actor, "record_baseline_day", patient_id, f"choice {choice.id}")
        return row


@action("log_movement")
def log_movement(
    *,
    actor: Actor,
    exercise: str,
    result: str,
    felt: str,
    amount: int | None = None,
    now: datetime | None = None,
) -> MovementLog:
    """What the patient did today of a chosen exercise, against today's target."""
    now = now or utcnow()
    if result not in set(MovementResult):
        raise InvalidInput("Please say whether you did your target.")
    if felt not in set(MovementFeeling):
        raise InvalidInput("Please say how it felt.")
    with write_session() as session:
        patient_id, day = own_record(session, actor, "log_movement", now)
        state = movement_state(session, patient_id, day)
        if state.paused:
            raise InvalidInput(PAUSED)
        chosen = state.exercise(exercise)
        if chosen is None:
            raise InvalidInput("Please choose this exercise on the Move page first.")
        target = chosen.day.target
        if chosen.day.state != MoveState.TARGET or target is None:
            raise InvalidInput("Please find your starting point first: three easy days.")
        if result == MovementResult.AS_PLANNED:
            amount = target
        elif amount is None:
            raise InvalidInput(mw.amount_question(chosen.exercise.unit))
        amount = bounded_int("an amount", amount, 0, MAX_AMOUNT)
        if result == MovementResult.LESS and amount >= target:
            raise InvalidInput(mw.less_than(target))
        if result == MovementResult.MORE and amount <= target:
            raise InvalidInput(mw.more_than(target))
        log = chosen.log_today or MovementLog(
            choice_id=chosen.choice_id,
            patient_id=patient_id,
            exercise=exercise,
            local_date=day,
            created_at=now,
        )
        log.amount, log.target, log.result, log.felt, log.updated_at = (
            amount,
            target,
            result,
            felt,
            now,
        )
        session.add(log)
        session.flush()
        write_audit(session, actor, "log_movement", patient_id, f"choice {chosen.choice_id}")
        return log


@action("save_flare_plan")
def save_flare_plan(
    *,
    actor: Actor,
    helps: str | None = None,
    tell: str | None = None,
    scale_down: str | None = None,
    build_up: str | None = None,
    now: datetime | None = None,
) -> FlarePlan:
    """A new version of the patient's flare plan, in their own words (the newest is the plan)."""
    now = now or utcnow()
    given = {"helps": helps, "tell": tell, "scale_down": scale_down, "build_up": build_up}
    parts = {
        name: clean_text("your plan", value, max_length(FlarePlan, name)) or ""
        for name, value in given.items()
    }
    if not any(parts.values()):
        raise InvalidInput(mw.FLARE_EMPTY)
    with write_session() as session:
        patient_id, _ = own_record(session, actor, "save_flare_plan", now)
        newest = session.exec(
            select(FlarePlan)
            .where(FlarePlan.patient_id == patient_id)
            .order_by(FlarePlan.version.desc())
        ).first()
        if newest is not None and all(getattr(newest, k) == v for k, v in parts.items()):
            return newest  # nothing changed: no new version
        plan = FlarePlan(
            patient_id=patient_id,
            version=(newest.version + 1) if newest else 1,
            created_at=now,
            **parts,
        )
        session.add(plan)
        session.flush()
        write_audit(session, actor, "save_flare_plan", patient_id, f"version {plan.version}")
        return plan
