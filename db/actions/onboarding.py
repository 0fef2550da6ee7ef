"""Onboarding: consent to the program terms and the patient's goals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import own_record, write_audit
from db.baseline import active_goals, complete_baseline_if_ready, current_consent
from db.engine import write_session
from db.models import Consent, Goal, max_length
from program.onboarding import CONSENT_VERSION, clean_goals, consent_hash


@action("give_consent")
def give_consent(*, actor: Actor, version: str, now: datetime | None = None) -> Consent:
    """The patient agrees to the program terms of ``version`` (the version they were shown)."""
    now = now or utcnow()
    if version != CONSENT_VERSION:
        raise InvalidInput("These terms have changed. Please read them again, then tap I agree.")
    with write_session() as session:
        patient_id, day = own_record(session, actor, "give_consent", now)
        if (agreed := current_consent(session, patient_id)) is not None:
            return agreed  # an agreement that still stands is not asked for or stored again
        row = Consent(
            patient_id=patient_id, version=version, text_hash=consent_hash(version), accepted_at=now
        )
        session.add(row)
        session.flush()
        complete_baseline_if_ready(session, patient_id, day)
        write_audit(session, actor, "give_consent", patient_id, f"version {version}")
        return row


@action("save_goals")
def save_goals(*, actor: Actor, goals: Iterable[str], now: datetime | None = None) -> list[Goal]:
    """Save 1–3 goals in the patient's own words; goals left out are archived, never deleted."""
    now = now or utcnow()
    try:
        texts = clean_goals(goals, max_chars=max_length(Goal, "text"))
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    with write_session() as session:
        patient_id, _ = own_record(session, actor, "save_goals", now)
        kept = []
        for goal in active_goals(session, patient_id):
            if goal.text in texts:
                kept.append(goal.text)
            else:
                goal.archived = True
                session.add(goal)
        for text in texts:
            if text not in kept:
                session.add(Goal(patient_id=patient_id, text=text, created_at=now))
        session.flush()
        write_audit(session, actor, "save_goals", patient_id, f"{len(texts)} goals")
        return active_goals(session, patient_id)
