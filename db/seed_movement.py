"""Demo movement for Alex (week 3): three exercises with baselines, two weeks of logs, a flare plan.

Alex had no baseline week, so the three baseline days are the first days of week 1 and the plan
starts with week 2. Alex's flare that began at the end of week 1 lasts into week 2 (one episode),
so this week holds: Move shows "The same 10 minutes as last week: last week had a flare ...".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.models import (
    CheckIn,
    Enrolment,
    ExerciseChoice,
    FlarePlan,
    MovementBaselineDay,
    MovementLog,
    Patient,
)
from program.vocabulary import MovementFeeling, MovementResult

# slug: (baseline days, the rounded targets of week 2 and of week 3)
DEMO_EXERCISES = {
    "easy-walk": ((12, 14, 13), 10),
    "sit-to-stand": ((6, 7, 8), 6),
    "shoulder-rolls": ((8, 10, 9), 7),
}
# Week 2, day by day, for the walk: (result, amount, felt); the other two went as planned.
WALK_WEEK_2 = (
    (MovementResult.LESS, 6, MovementFeeling.HARD),  # the last day of the flare
    (MovementResult.AS_PLANNED, 10, MovementFeeling.OK),
    (MovementResult.AS_PLANNED, 10, MovementFeeling.OK),
    (MovementResult.MORE, 14, MovementFeeling.OK),
    (MovementResult.AS_PLANNED, 10, MovementFeeling.EASY),
    (MovementResult.AS_PLANNED, 10, MovementFeeling.OK),
    (MovementResult.AS_PLANNED, 10, MovementFeeling.OK),
)
FLARE_PLAN = dict(
    helps="A hot shower, my heat pad, and slow breathing for a few minutes.",
    tell="My partner, so we can share the chores for a day or two.",
    scale_down="Half my walk, and shoulder rolls only, for one or two days.",
    build_up="Add back a little each day until I am at my held level again.",
)


def seed_demo_movement(session: Session, patient: Patient, now: datetime) -> None:
    """Alex's chosen exercises, baseline days, logs of weeks 2-3 and flare plan."""
    enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == patient.id)).one()
    week1 = enrolment.week1_start
    today = local_today(patient.timezone, now)
    flare_goes_on = session.exec(
        select(CheckIn).where(
            CheckIn.patient_id == patient.id, CheckIn.local_date == week1 + timedelta(days=7)
        )
    ).one()
    flare_goes_on.flare = True  # the flare of week 1's last two days lasts into week 2
    session.add(flare_goes_on)
    for slug, (baseline, target) in DEMO_EXERCISES.items():
        choice = ExerciseChoice(
            patient_id=patient.id, exercise=slug, chosen_on=week1, created_at=now
        )
        session.add(choice)
        session.flush()
        for n, amount in enumerate(baseline):
            session.add(
                MovementBaselineDay(
                    choice_id=choice.id,
                    patient_id=patient.id,
                    local_date=week1 + timedelta(days=n),
                    amount=amount,
                    created_at=now,
                    updated_at=now,
                )
            )
        for day, (result, amount, felt) in _week_two(week1, slug, target, today):
            session.add(
                MovementLog(
                    choice_id=choice.id,
                    patient_id=patient.id,
                    exercise=slug,
                    local_date=day,
                    amount=amount,
                    target=target,
                    result=result,
                    felt=felt,
                    created_at=now,
                    updated_at=now,
                )
            )
    session.add(FlarePlan(patient_id=patient.id, version=1, created_at=now, **FLARE_PLAN))


def _week_two(week1: date, slug: str, target: int, today: date):
    """The logged days from week 2's first day up to yesterday."""
    day = week1 + timedelta(days=7)
    n = 0
    while day < today:
        if slug == "easy-walk" and n < len(WALK_WEEK_2):
            yield day, WALK_WEEK_2[n]
        else:
            yield day, (MovementResult.AS_PLANNED, target, MovementFeeling.OK)
        day, n = day + timedelta(days=1), n + 1
