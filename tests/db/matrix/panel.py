"""Access-matrix rows for the panel page's read, its export and the patient detail
(db/queries/panel.py, panel_export.py, patient_detail.py): the care team only; another team gets a file without Ana, or
"not found" for her record; patients and admins are refused."""

from __future__ import annotations

import db.queries as queries
from tests.utils.matrix import CARE_TEAM, CARE_TEAM_LIST, Call

EXPECTED = {
    "recent_panel_for_staff": CARE_TEAM_LIST,
    "panel_csv_for_staff": CARE_TEAM_LIST,
    "patient_detail": CARE_TEAM,
}
CALLS: dict[str, Call] = {
    "recent_panel_for_staff": lambda a, w: queries.recent_panel_for_staff(actor=a),
    "panel_csv_for_staff": lambda a, w: queries.panel_csv_for_staff(actor=a),
    "patient_detail": lambda a, w: queries.patient_detail(actor=a, patient_id=w.ana.id),
}
SHOWS_ANA = {
    "recent_panel_for_staff": lambda r, w: w.ana.id in set(r.rows["patient_id"]),
    "panel_csv_for_staff": lambda r, w: b"Ana Test" in r.data,
    "patient_detail": lambda r, w: r.patient_id == w.ana.id and r.contact.name == "Ana Test",
}
NAMES_A_RECORD = {"patient_detail"}
