"""Flags: opened by the rules (never twice for one episode), acknowledged and closed by the care team."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import AccessDenied, Actor, NotFound, may_close_risk_flag, require_patient
from db.actions import InvalidInput, action
from db.actions.common import clean_text, staff_today, write_audit
from db.engine import write_session
from db.locks import lock_patient
from db.models import Flag
from program.rules import FlagSpec, needs_risk_assessment, severity_rank


def open_or_update_flag(session: Session, patient_id: int, spec: FlagSpec) -> Flag:
    """Open a flag episode, or refresh the open one with the same dedupe key (never duplicate)."""
    lock_patient(session, patient_id)  # a concurrent opener waits, then sees this flag
    existing = session.exec(
        select(Flag)
        .where(
            Flag.patient_id == patient_id,
            Flag.dedupe_key == spec.dedupe_key,
            Flag.status != "resolved",
        )
        .with_for_update()
    ).first()
    now = utcnow()
    if existing is not None:
        existing.last_seen_at = now
        existing.explanation = spec.explanation
        existing.inputs = spec.inputs
        if severity_rank(spec.severity) < severity_rank(existing.severity):
            existing.severity = spec.severity
        session.add(existing)
        return existing
    flag = Flag(
        patient_id=patient_id,
        rule=spec.rule,
        dedupe_key=spec.dedupe_key,
        severity=spec.severity,
        explanation=spec.explanation,
        inputs=spec.inputs,
        opened_at=now,
        last_seen_at=now,
    )
    session.add(flag)
    session.flush()
    return flag


def _flag_for(
    session: Session, actor: Actor, flag_id: int, action_name: str, now: datetime
) -> Flag:
    flag = session.get(Flag, flag_id, with_for_update=True)  # two staff at once: one wins
    if flag is None:
        raise NotFound(f"flag {flag_id}")
    require_patient(session, actor, action_name, flag.patient_id, staff_today(now))
    return flag


@action("acknowledge_flag")
def acknowledge_flag(
    *, actor: Actor, flag_id: int, note: str = "", now: datetime | None = None
) -> Flag:
    """Mark a flag as seen and being handled, with an optional note."""
    now = now or utcnow()
    note = clean_text("a note", note, 2000)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "acknowledge_flag", now)
        if flag.status != "open":
            raise InvalidInput("This flag was already acknowledged or resolved.")
        flag.status, flag.acknowledged_at, flag.acknowledged_by = "acknowledged", now, actor.user_id
        flag.acknowledge_note = note
        session.add(flag)
        write_audit(session, actor, "acknowledge_flag", flag.patient_id, f"flag {flag.id}")
        return flag


@action("resolve_flag")
def resolve_flag(*, actor: Actor, flag_id: int, note: str, now: datetime | None = None) -> Flag:
    """Close a flag with a note saying what was done."""
    now = now or utcnow()
    note = clean_text("a note saying what was done", note, 2000, required=True)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "resolve_flag", now)
        if flag.status == "resolved":
            raise InvalidInput("This flag is already resolved.")
        if not may_close_risk_flag(session, actor, flag.patient_id, flag.rule, staff_today(now)):
            raise AccessDenied("resolve_flag: only a clinician may close this flag")
        if needs_risk_assessment(flag.rule):
            raise InvalidInput("Please record a risk assessment to close this flag.")
        return _close_flag(session, actor, flag, note, now, "resolve_flag")


@action("record_risk_assessment")
def record_risk_assessment(
    *, actor: Actor, flag_id: int, risk_assessment: str, now: datetime | None = None
) -> Flag:
    """A clinician closes a flag (the only way for a PHQ-9 item 9 flag) with a risk assessment."""
    now = now or utcnow()
    text = clean_text("the risk assessment", risk_assessment, 2000, required=True)
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "record_risk_assessment", now)
        if flag.status == "resolved":
            raise InvalidInput("This flag is already resolved.")
        return _close_flag(session, actor, flag, text, now, "record_risk_assessment")


def _close_flag(
    session: Session, actor: Actor, flag: Flag, note: str, now: datetime, action_name: str
) -> Flag:
    """Resolve a flag with the closing note, audited under the action that closed it."""
    flag.status, flag.resolved_at, flag.resolved_by = "resolved", now, actor.user_id
    flag.resolution_note = note
    session.add(flag)
    write_audit(session, actor, action_name, flag.patient_id, f"flag {flag.id}")
    return flag
