"""Access-matrix rows for the sleep diary, bedtime plan and breathing practice."""

from __future__ import annotations

from datetime import date

import db.actions as actions
import db.queries as queries
from tests.utils import actor_for
from tests.utils.matrix import CLINICIAN_ON_TEAM, OWN_RECORD, Call

# Last night for Ana at the matrix's frozen moment (2026-03-18 11:00 in New York).
LAST_NIGHT = date(2026, 3, 17)
NIGHT = dict(
    into_bed="23:00",
    minutes_to_sleep=20,
    awakenings=1,
    minutes_awake=15,
    final_wake="06:30",
    out_of_bed="06:45",
    quality=3,
)

EXPECTED = {
    "save_sleep_diary": OWN_RECORD,
    "sleep_for_patient": OWN_RECORD,
    "record_practice": OWN_RECORD,
    "practice_for_patient": OWN_RECORD,
    "sleep_for_clinician": CLINICIAN_ON_TEAM,
}


def _ana_slept() -> None:
    """Ana's own night is in her diary before anyone asks for it."""
    actions.save_sleep_diary(actor=actor_for("ana"), night=LAST_NIGHT, **NIGHT)


def _sleep_of(actor, world):
    _ana_slept()
    return queries.sleep_for_patient(actor=actor)


def _sleep_controls_of(actor, world):
    _ana_slept()
    return queries.sleep_for_clinician(actor=actor, patient_id=world.ana.id)


def _practice_of(actor, world):
    actions.record_practice(actor=actor_for("ana"), kind="body_scan", minutes=7, completed=True)
    return queries.practice_for_patient(actor=actor)


CALLS: dict[str, Call] = {
    "save_sleep_diary": lambda a, w: actions.save_sleep_diary(actor=a, night=LAST_NIGHT, **NIGHT),
    "sleep_for_patient": _sleep_of,
    "record_practice": lambda a, w: actions.record_practice(
        actor=a, kind="breathing", minutes=5, completed=True, breaths_per_minute=6
    ),
    "practice_for_patient": _practice_of,
    "sleep_for_clinician": _sleep_controls_of,
}

SHOWS_ANA = {
    "save_sleep_diary": lambda r, w: r.entry.patient_id == w.ana.id,
    "sleep_for_patient": lambda r, w: r.patient_id == w.ana.id and LAST_NIGHT in r.entries,
    "record_practice": lambda r, w: r.patient_id == w.ana.id,
    "practice_for_patient": lambda r, w: r.total_minutes >= 7,
    "sleep_for_clinician": lambda r, w: r.sleep.patient_id == w.ana.id,
}

NAMES_A_RECORD = {"sleep_for_clinician"}
