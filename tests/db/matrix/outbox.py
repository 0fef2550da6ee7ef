"""Access-matrix rows for alerts that reach someone: the overdue widget's read for the care team,
and the outbox's state and "Retry now" for admins (who see no patient's details there)."""

from __future__ import annotations

from datetime import timedelta

import db.actions as actions
import db.queries as queries
from core.clock import utcnow
from db.actions import open_or_update_flag
from db.engine import write_session
from program.rules import FlagSpec
from tests.utils.matrix import ADMIN_ONLY, CARE_TEAM_LIST, Call
from tests.utils.personas import World


def _overdue_for_ana(actor, world: World) -> object:
    """An urgent flag of Ana's opened three days ago and never acknowledged: overdue."""
    spec = FlagSpec("matrix", "urgent", f"matrix-urgent-{world.next()}", "For the matrix test.")
    with write_session() as session:
        open_or_update_flag(session, world.ana.id, spec, now=utcnow() - timedelta(days=3))
    return queries.overdue_flags_for_staff(actor=actor)


EXPECTED = {
    "overdue_flags_for_staff": CARE_TEAM_LIST,
    "outbox_status": ADMIN_ONLY,
    "retry_outbox": ADMIN_ONLY,
}

CALLS: dict[str, Call] = {
    "overdue_flags_for_staff": _overdue_for_ana,
    "outbox_status": lambda a, w: queries.outbox_status(actor=a, settings=w.settings),
    "retry_outbox": lambda a, w: actions.retry_outbox(actor=a),
}

SHOWS_ANA = {
    "overdue_flags_for_staff": lambda r, w: any(f.patient_id == w.ana.id for f in r),
}
