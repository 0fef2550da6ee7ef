"""Access-matrix row for the patient's own one-page "my plan from here" (after week 12)."""

from __future__ import annotations

import db.queries as queries
from tests.utils.matrix import OWN_RECORD, Call

EXPECTED = {"my_plan_from_here": OWN_RECORD}

CALLS: dict[str, Call] = {
    "my_plan_from_here": lambda a, w: queries.my_plan_from_here(actor=a),
}

SHOWS_ANA = {"my_plan_from_here": lambda r, w: r.first_name == w.ana.given_name}
