"""Flags: opened by the rules (never twice for one episode), acknowledged and closed by the care team."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import AccessDenied, Actor, NotFound, may_close_risk_flag, require_patient
from db.actions import InvalidInput, action
from db.actions.common import clean_text, staff_today, write_audit
from db.alerts import queue_flag_alert
from db.engine import write_session
from db.locks import lock_patient
from db.models import Flag, FlagEvent, max_length
from program.rules import FlagSpec, is_new_warning, needs_risk_assessment
from program.vocabulary import ALERT_SEVERITIES, FlagEventKind, FlagStatus, severity_rank


def add_event(
    session: Session,
    flag: Flag,
    kind: str,
    at: datetime,
    *,
    actor_id: int | None = None,
    note: str | None = None,
    inputs: dict | None = None,
) -> FlagEvent:
    """Append one row to the flag's history (never updated or deleted)."""
    event = FlagEvent(
        flag_id=flag.id, at=at, kind=kind, actor_id=actor_id, note=note, inputs=dict(inputs or {})
    )
    session.add(event)
    return event


def open_or_update_flag(
    session: Session,
    patient_id: int,
    spec: FlagSpec,
    *,
    actor_id: int | None = None,
    now: datetime | None = None,
) -> Flag:
    """Open a flag episode, or refresh the unresolved one with the same dedupe key (never
    duplicate). A new warning sign on an acknowledged episode reopens it: it must be acknowledged
    again. Each change is added to the flag's history; ``actor_id`` is whoever's save fired it.
    An emergency or urgent flag that opens, reopens or becomes that severe e-mails the care team
    through the outbox, in this same transaction (db/alerts.py): no flag without its alert.
    """
    lock_patient(session, patient_id)  # a concurrent opener waits, then sees this flag
    existing = session.exec(
        select(Flag)
        .where(
            Flag.patient_id == patient_id,
            Flag.dedupe_key == spec.dedupe_key,
            Flag.status != FlagStatus.RESOLVED,
        )
        .with_for_update()
    ).first()
    now = now or utcnow()
    if existing is not None:
        before = dict(existing.inputs or {})
        reopen = existing.status == FlagStatus.ACKNOWLEDGED and is_new_warning(
            existing.rule, before, spec.inputs
        )
        existing.last_seen_at = now
        existing.explanation = spec.explanation
        existing.patient_explanation = spec.patient_explanation or None
        existing.inputs = spec.inputs
        raised = severity_rank(spec.severity) < severity_rank(existing.severity)
        if raised:
            existing.severity = spec.severity
        if reopen:
            # The earlier acknowledgement stays in the history; the flag asks to be seen again.
            existing.status = FlagStatus.OPEN
            existing.acknowledged_at = existing.acknowledged_by = None
            existing.acknowledge_note = None
        session.add(existing)
        if reopen or before != spec.inputs:  # an identical re-save adds nothing to the history
            kind = FlagEventKind.REOPENED if reopen else FlagEventKind.REFRESHED
            add_event(session, existing, kind, now, actor_id=actor_id, inputs=spec.inputs)
        if reopen:
            queue_flag_alert(session, existing, "reopened", now)
        elif raised and existing.severity in ALERT_SEVERITIES:
            queue_flag_alert(session, existing, "raised", now)
        return existing
    flag = Flag(
        patient_id=patient_id,
        rule=spec.rule,
        dedupe_key=spec.dedupe_key,
        severity=spec.severity,
        explanation=spec.explanation,
        patient_explanation=spec.patient_explanation or None,
        inputs=spec.inputs,
        opened_at=now,
        last_seen_at=now,
    )
    session.add(flag)
    session.flush()
    add_event(session, flag, FlagEventKind.OPENED, now, actor_id=actor_id, inputs=spec.inputs)
    queue_flag_alert(session, flag, "opened", now)
    return flag


def _flag_for(
    session: Session, actor: Actor, flag_id: int, action_name: str, now: datetime
) -> Flag:
    flag = session.get(Flag, flag_id, with_for_update=True)  # two staff at once: one wins
    if flag is None:
        raise NotFound(f"flag {flag_id}")
    require_patient(session, actor, action_name, flag.patient_id, staff_today(now))
    return flag


def _unresolved_flag(
    session: Session, actor: Actor, flag_id: int, action_name: str, now: datetime
) -> Flag:
    flag = _flag_for(session, actor, flag_id, action_name, now)
    if flag.status == FlagStatus.RESOLVED:
        raise InvalidInput("This flag is already resolved.")
    return flag


@action("acknowledge_flag")
def acknowledge_flag(
    *, actor: Actor, flag_id: int, note: str = "", now: datetime | None = None
) -> Flag:
    """Mark a flag as seen and being handled, with an optional note."""
    now = now or utcnow()
    note = clean_text("a note", note, max_length(Flag, "acknowledge_note"))
    with write_session() as session:
        flag = _flag_for(session, actor, flag_id, "acknowledge_flag", now)
        if flag.status != FlagStatus.OPEN:
            raise InvalidInput("This flag was already acknowledged or resolved.")
        flag.status, flag.acknowledged_at = FlagStatus.ACKNOWLEDGED, now
        flag.acknowledged_by = actor.user_id
        flag.acknowledge_note = note
        session.add(flag)
        add_event(
            session,
            flag,
            FlagEventKind.ACKNOWLEDGED,
            now,
            actor_id=actor.user_id,
            note=note or None,
        )
        write_audit(session, actor, "acknowledge_flag", flag.patient_id, f"flag {flag.id}")
        return flag


@action("resolve_flag")
def resolve_flag(*, actor: Actor, flag_id: int, note: str, now: datetime | None = None) -> Flag:
    """Close a flag with a note saying what was done."""
    now = now or utcnow()
    note = clean_text(
        "a note saying what was done", note, max_length(Flag, "resolution_note"), required=True
    )
    with write_session() as session:
        flag = _unresolved_flag(session, actor, flag_id, "resolve_flag", now)
        today = staff_today(now)
        if not may_close_risk_flag(session, actor, flag.patient_id, flag.rule, today, flag.inputs):
            raise AccessDenied("resolve_flag: only a clinician may close this flag")
        if needs_risk_assessment(flag.rule, flag.inputs):
            raise InvalidInput("Please record a risk assessment to close this flag.")
        return _close_flag(session, actor, flag, note, now, "resolve_flag", FlagEventKind.RESOLVED)


@action("record_risk_assessment")
def record_risk_assessment(
    *, actor: Actor, flag_id: int, risk_assessment: str, now: datetime | None = None
) -> Flag:
    """A clinician closes a flag (the only way for a PHQ-9 item 9 flag) with a risk assessment."""
    now = now or utcnow()
    text = clean_text(
        "the risk assessment", risk_assessment, max_length(Flag, "resolution_note"), required=True
    )
    with write_session() as session:
        flag = _unresolved_flag(session, actor, flag_id, "record_risk_assessment", now)
        return _close_flag(
            session, actor, flag, text, now, "record_risk_assessment", FlagEventKind.RISK_ASSESSED
        )


def _close_flag(
    session: Session,
    actor: Actor,
    flag: Flag,
    note: str,
    now: datetime,
    action_name: str,
    kind: str,
) -> Flag:
    """Resolve a flag with the closing note, audited under the action that closed it."""
    flag.status, flag.resolved_at = FlagStatus.RESOLVED, now
    flag.resolved_by = actor.user_id
    flag.resolution_note = note
    session.add(flag)
    add_event(session, flag, kind, now, actor_id=actor.user_id, note=note)
    write_audit(session, actor, action_name, flag.patient_id, f"flag {flag.id}")
    return flag
