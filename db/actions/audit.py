"""Audit rows for reads: a staff member opened one patient's record."""

from __future__ import annotations

import re
from datetime import datetime

from core.clock import utcnow
from db.access import Actor, require_patient
from db.actions import InvalidInput, action
from db.actions.common import staff_today, write_audit
from db.engine import write_session

VIEW_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,29}$")


@action("record_view")
def record_view(*, actor: Actor, patient_id: int, view: str, now: datetime | None = None) -> None:
    """Audit that a staff member opened one patient's record (pages call it once per view)."""
    now = now or utcnow()
    if not VIEW_NAME_RE.match(view or ""):
        raise InvalidInput("Unknown view.")
    with write_session() as session:
        require_patient(session, actor, "record_view", patient_id, staff_today(now))
        write_audit(session, actor, "record_view", patient_id, f"view {view}")
