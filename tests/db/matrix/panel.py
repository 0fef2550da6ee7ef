"""Access-matrix rows for the panel's export and the patient detail (db/queries/panel_export.py,
db/queries/patient_detail.py): the care team only; another team gets a file without Ana, or
"not found" for her record; patients and admins are refused."""

from __future__ import annotations

import db.queries as queries
from tests.utils.matrix import CARE_TEAM, CARE_TEAM_LIST, Call

EXPECTED = {
    "panel_csv_for_staff": CARE_TEAM_LIST,
    "patient_detail": CARE_TEAM,
}
CALLS: dict[str, Call] = {
    "panel_csv_for_staff": lambda a, w: queries.panel_csv_for_staff(actor=a),
    "patient_detail": lambda a, w: queries.patient_detail(actor=a, patient_id=w.ana.id),
}
SHOWS_ANA = {
    "panel_csv_for_staff": lambda r, w: b"Ana Test" in r.data,
    "patient_detail": lambda r, w: r.patient_id == w.ana.id and r.contact.name == "Ana Test",
}
NAMES_A_RECORD = {"patient_detail"}
