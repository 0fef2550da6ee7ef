"""The patient's own "my plan from here" (export/plan_from_here.py draws it): gathered from the
reads the Move, Sleep, flare plan and Breathe screens use, so the page says what those screens say.

The patient's own record: not audited (DESIGN.md, read audit), like ``my_visit_summary``.
"""

from __future__ import annotations

from datetime import datetime

from core.clock import utcnow
from db.access import Actor
from db.engine import read_session
from db.models import Clinic
from db.movement_inputs import movement_state
from db.queries import query
from db.queries.clinic import CLINIC_ID
from db.queries.common import own_patient
from db.queries.movement import newest_flare_plan
from db.queries.practice import practice_view
from db.queries.sleep import sleep_view
from export.plan_from_here import MoveLine, MyPlan
from program.defaults import DEFAULTS
from program.measures import SCHEDULE
from program.move_wording import FLARE_PROMPTS
from program.practice_wording import PRACTICE_NAMES
from program.vocabulary import QuestionnaireCode


def _every(code: str) -> int:
    weeks = SCHEDULE[code]
    if not isinstance(weeks, int):  # PEG, PHQ-9 and GAD-7 repeat every N weeks
        raise ValueError(f"{code} is not on a repeating schedule")
    return weeks


@query("my_plan_from_here")
def my_plan_from_here(*, actor: Actor, now: datetime | None = None) -> MyPlan:
    """The acting patient's plan from here: movement, sleep, flare plan, practice, safety net."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "my_plan_from_here", now)
        movement = movement_state(session, patient.id, day)
        sleep = sleep_view(session, patient, day).plan
        flare = newest_flare_plan(session, patient.id)
        practice = practice_view(session, patient.id, day)
        clinic = session.get(Clinic, CLINIC_ID)
    used = practice.kinds_by_minutes[0] if practice.kinds_by_minutes else None
    return MyPlan(
        first_name=patient.given_name,
        made_on=day,
        clinic_name=clinic.name if clinic else "your clinic",
        clinic_phone=clinic.phone if clinic else "",
        movement=tuple(
            MoveLine(c.exercise.name, c.day.target, c.exercise.unit) for c in movement.chosen
        ),
        scheduling=sleep is not None,
        bedtime=sleep.bedtime if sleep else None,
        wake_time=sleep.wake_time if sleep else None,
        time_in_bed=sleep.window.minutes if sleep and sleep.window else None,
        flare_plan=tuple(
            (part, getattr(flare, part))
            for part in FLARE_PROMPTS
            if flare is not None and getattr(flare, part).strip()
        ),
        practice_minutes_this_week=practice.this_week_minutes,
        practice_used=PRACTICE_NAMES.get(used, used) if used else None,
        practice_suggested_minutes=DEFAULTS.practice_default_minutes,
        peg_every_weeks=_every(QuestionnaireCode.PEG),
        mood_every_weeks=max(_every(QuestionnaireCode.PHQ9), _every(QuestionnaireCode.GAD7)),
    )
