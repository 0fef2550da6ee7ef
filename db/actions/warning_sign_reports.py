"""Warning signs sent on their own ("Send to my care team"), apart from the daily check-in.

A ticked warning sign must reach the care team even when the patient has not answered (or will
never answer) the check-in's other questions. The report is append-only and is saved in the same
transaction as the warning-sign flag it opens or refreshes, with an audit row; the full check-in
can follow later that day and refreshes the same flag episode (same dedupe key).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import own_record, write_audit
from db.actions.flags import open_or_update_flag
from db.engine import write_session
from db.models import Flag, WarningSignReport
from program.rules import warning_sign_flags
from program.warning_signs import Guidance, guidance_for, highest_tier, unknown_keys

NAME = "report_warning_signs"


@dataclass(frozen=True)
class WarningSignReportResult:
    report: WarningSignReport
    flag: Flag  # the most serious flag of the report (self-harm first), the one the report names
    guidance: Guidance
    flags: tuple[Flag, ...] = ()  # every flag it opened or refreshed


@action(NAME)
def report_warning_signs(
    *, actor: Actor, warning_signs: Iterable[str], now: datetime | None = None
) -> WarningSignReportResult:
    """Save the ticked signs and open (or refresh) their flag, in one transaction."""
    now = now or utcnow()
    if isinstance(warning_signs, str):
        warning_signs = [warning_signs]
    signs = sorted(set(warning_signs))
    if not signs:
        raise InvalidInput("Please tick at least one warning sign before sending.")
    if bad := unknown_keys(signs):
        raise InvalidInput(f"Unknown warning sign: {', '.join(bad)}")
    with write_session() as session:
        patient_id, day = own_record(session, actor, NAME, now)
        specs = warning_sign_flags(signs, day, source="report")
        flags = tuple(
            open_or_update_flag(session, patient_id, spec, actor_id=actor.user_id, now=now)
            for spec in specs
        )
        flag = flags[0]
        report = WarningSignReport(
            patient_id=patient_id,
            local_date=day,
            signs=signs,
            tier=highest_tier(signs),
            flag_id=flag.id,
            created_at=now,
        )
        session.add(report)
        session.flush()
        # Ids only in the audit text: no health details.
        ids = ", ".join(str(f.id) for f in flags)
        write_audit(session, actor, NAME, patient_id, f"flag_id {ids}")
        return WarningSignReportResult(report, flag, guidance_for(signs), flags)
