"""Access-matrix rows for rule settings: clinicians read and tune the follow-up rules' numbers for
a program (any clinician) or for one patient (a clinician on that patient's care team); the
preview of a patient's change is refused like a record of someone else's."""

from __future__ import annotations

import db.actions as actions
import db.queries as queries
from tests.utils.matrix import ALLOW, CLINICIAN_ON_TEAM, Call, row

EXPECTED = {
    "rule_settings_for_program": row(clinician_on_team=ALLOW, clinician_off_team=ALLOW),
    "rule_settings_for_patient": CLINICIAN_ON_TEAM,
    "preview_rule_settings": CLINICIAN_ON_TEAM,
    "change_rule_settings": CLINICIAN_ON_TEAM,
}

NAMES_A_RECORD = {"rule_settings_for_patient", "preview_rule_settings", "change_rule_settings"}

CALLS: dict[str, Call] = {
    "rule_settings_for_program": lambda a, w: queries.rule_settings_for_program(actor=a),
    "rule_settings_for_patient": lambda a, w: queries.rule_settings_for_patient(
        actor=a, patient_id=w.ana.id
    ),
    "preview_rule_settings": lambda a, w: queries.preview_rule_settings(
        actor=a, patient_id=w.ana.id, changes={"low_adherence_days": 3}
    ),
    "change_rule_settings": lambda a, w: actions.change_rule_settings(
        actor=a,
        patient_id=w.ana.id,
        changes={"low_adherence_days": 2 + w.next()},
        reason="Checks in every other day by plan.",
    ),
}

SHOWS_ANA = {
    "rule_settings_for_patient": lambda r, w: r.patient_id == w.ana.id,
    "preview_rule_settings": lambda r, w: r.checked == 1,
    "change_rule_settings": lambda r, w: r.patient_id == w.ana.id,
}
