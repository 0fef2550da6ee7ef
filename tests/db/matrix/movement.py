"""Access-matrix rows for graded movement: the patient's own exercises, baseline days, logs and
flare plan; the care team's view of levels (a clinician sets them through change_plan)."""

from __future__ import annotations

from datetime import date, timedelta

import db.actions as actions
import db.queries as queries
from db.access import Actor
from db.engine import write_session
from db.models import MovementBaselineDay
from tests.utils.matrix import CARE_TEAM, OWN_RECORD, Call
from tests.utils.personas import World

EXPECTED = {
    "choose_exercises": OWN_RECORD,
    "record_baseline_day": OWN_RECORD,
    "log_movement": OWN_RECORD,
    "save_flare_plan": OWN_RECORD,
    "movement_for_patient": OWN_RECORD,
    "flare_plan_for_patient": OWN_RECORD,
    "movement_for_clinician": CARE_TEAM,
}

NAMES_A_RECORD = {"movement_for_clinician"}


def _own_walk(actor: Actor, *, baseline: bool = False) -> None:
    """A patient's own chosen walk (others have none: their refusal is audited by the call)."""
    if not actor.has("patient"):
        return
    choice = actions.choose_exercises(actor=actor, exercises=["easy-walk"])[0]
    if baseline:
        with write_session() as session:
            for back in (5, 4, 3):
                session.add(
                    MovementBaselineDay(
                        choice_id=choice.id,
                        patient_id=choice.patient_id,
                        local_date=date(2026, 3, 18) - timedelta(days=back),
                        amount=10,
                    )
                )


def _baseline_day(actor: Actor, world: World) -> object:
    _own_walk(actor)
    return actions.record_baseline_day(actor=actor, exercise="easy-walk", amount=8)


def _log(actor: Actor, world: World) -> object:
    _own_walk(actor, baseline=True)
    return actions.log_movement(actor=actor, exercise="easy-walk", result="as_planned", felt="ok")


CALLS: dict[str, Call] = {
    "choose_exercises": lambda a, w: actions.choose_exercises(actor=a, exercises=["easy-walk"]),
    "record_baseline_day": _baseline_day,
    "log_movement": _log,
    "save_flare_plan": lambda a, w: actions.save_flare_plan(actor=a, helps="A warm shower."),
    "movement_for_patient": lambda a, w: queries.movement_for_patient(actor=a),
    "flare_plan_for_patient": lambda a, w: queries.flare_plan_for_patient(actor=a),
    "movement_for_clinician": lambda a, w: queries.movement_for_clinician(
        actor=a, patient_id=w.ana.id
    ),
}

SHOWS_ANA = {
    "choose_exercises": lambda r, w: any(c.patient_id == w.ana.id for c in r),
    "record_baseline_day": lambda r, w: r.patient_id == w.ana.id,
    "log_movement": lambda r, w: r.patient_id == w.ana.id,
    "save_flare_plan": lambda r, w: r.patient_id == w.ana.id,
    "movement_for_patient": lambda r, w: r.patient_name == w.ana.given_name,
    "flare_plan_for_patient": lambda r, w: r.patient_name == w.ana.given_name,
    "movement_for_clinician": lambda r, w: r.patient_id == w.ana.id,
}
