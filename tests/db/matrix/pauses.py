"""Access-matrix rows for the patient's own pause and daily reminder (db/actions/pauses.py,
db/actions/reminders.py, db/queries/pauses.py, db/queries/reminders.py): the patient's own record
only; nobody else, not even the care team, pauses through these (a clinician uses change_plan)."""

from datetime import date

from db import actions, queries
from tests.utils.matrix import OWN_RECORD

EXPECTED = {
    "pause_for_patient": OWN_RECORD,
    "pause_my_program": OWN_RECORD,
    "resume_my_program": OWN_RECORD,
    "reminder_for_patient": OWN_RECORD,
    "set_my_reminder": OWN_RECORD,
}


def _resume(actor, world):
    if actor.patient_id is not None:  # a patient has a pause of their own to end
        actions.pause_my_program(actor=actor, reason="A busy time", until=date(2026, 3, 25))
    return actions.resume_my_program(actor=actor)


CALLS = {
    "pause_for_patient": lambda a, w: queries.pause_for_patient(actor=a),
    "pause_my_program": lambda a, w: actions.pause_my_program(
        actor=a, reason="A holiday or a trip", until=date(2026, 3, 25)
    ),
    "resume_my_program": _resume,
    "reminder_for_patient": lambda a, w: queries.reminder_for_patient(actor=a),
    "set_my_reminder": lambda a, w: actions.set_my_reminder(actor=a, minute_of_day=9 * 60),
}

SHOWS_ANA = {name: (lambda r, w: r.patient_id == w.ana.id) for name in EXPECTED}
