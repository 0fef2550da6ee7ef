"""A clinician changes the follow-up rules' numbers for a program or for one patient, with a reason.

Each save appends a version (db/models/rule_settings.py); nothing is overwritten. Only numbers of
``RuleSettings`` can be named, within the limits of ``program.rules.tuning``: warning signs and
PHQ-9 item 9 have no setting, so no save can change or silence them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.actions import InvalidInput, action
from db.actions.common import clean_text, staff_today, write_audit
from db.engine import write_session
from db.locks import lock_patient
from db.models import Program, RuleSetting, max_length
from db.rule_settings import current_programs, effective, newest_versions
from program.rules.settings import effective_settings
from program.rules.tuning import DEFAULT_SETTINGS, merged_values, problems
from program.vocabulary import RuleSettingScope


def _next_version(session: Session, scope: str, target: int) -> int:
    column = RuleSetting.program_id if scope == RuleSettingScope.PROGRAM else RuleSetting.patient_id
    newest = session.exec(
        select(func.max(RuleSetting.version)).where(column == target, RuleSetting.scope == scope)
    ).one()
    return (newest or 0) + 1


@action("change_rule_settings")
def change_rule_settings(
    *,
    actor: Actor,
    changes: dict[str, Any],
    reason: str,
    program_id: int | None = None,
    patient_id: int | None = None,
    now: datetime | None = None,
) -> RuleSetting:
    """Save a new version of a program's settings (``program_id``) or of one patient's own
    (``patient_id``): ``changes`` maps a setting to its new value, or to None to follow the level
    below again. A value equal to the level below is not kept either."""
    now = now or utcnow()
    if (program_id is None) == (patient_id is None):
        raise InvalidInput("Please choose a program or one patient.")
    if not changes:
        raise InvalidInput("Please change at least one number.")
    reason = clean_text(
        "a reason for this change", reason, max_length(RuleSetting, "reason"), required=True
    )
    with write_session() as session:
        if patient_id is not None:
            require_patient(session, actor, "change_rule_settings", patient_id, staff_today(now))
            lock_patient(session, patient_id)  # two saves at once: the second sees the first
            scope, target = RuleSettingScope.PATIENT, patient_id
            program = current_programs(session, (patient_id,)).get(patient_id)
            by_program, by_patient = newest_versions(
                session,
                program_ids=() if program is None else (program,),
                patient_ids=(patient_id,),
            )
            below = effective(by_program.get(program), None).settings
            previous = by_patient.get(patient_id)
        else:
            if session.get(Program, program_id, with_for_update=True) is None:
                raise NotFound(f"program {program_id}")
            scope, target = RuleSettingScope.PROGRAM, program_id
            previous = newest_versions(session, program_ids=(program_id,), patient_ids=())[0].get(
                program_id
            )
            below = DEFAULT_SETTINGS
        before = dict(previous.values) if previous else {}
        try:
            values = merged_values(before, changes, below)
        except (ValueError, TypeError) as exc:
            raise InvalidInput(str(exc)) from None
        if values == before:
            raise InvalidInput("Nothing changed: these are the settings in force already.")
        if found := problems(effective_settings(below, values)):
            raise InvalidInput(" ".join(found))
        row = RuleSetting(
            scope=scope,
            program_id=target if scope == RuleSettingScope.PROGRAM else None,
            patient_id=target if scope == RuleSettingScope.PATIENT else None,
            version=_next_version(session, scope, target),
            settings=values,
            reason=reason,
            created_by=actor.user_id,
            created_at=now,
        )
        session.add(row)
        session.flush()
        changed = sorted(k for k in {*values, *before} if values.get(k) != before.get(k))
        write_audit(
            session,
            actor,
            "change_rule_settings",
            patient_id,
            f"{scope} {target} version {row.version}: {', '.join(changed)}",
        )
        return row
