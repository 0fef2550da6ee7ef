"""Breathing and mindfulness practice the patient did: one row per session."""

from __future__ import annotations

from datetime import datetime

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import bounded_int, own_record, write_audit
from db.engine import write_session
from db.models import PracticeSession
from program.practice import MAX_PRACTICE_MINUTES, pace
from program.vocabulary import PracticeKind


@action("record_practice")
def record_practice(
    *,
    actor: Actor,
    kind: str,
    minutes: int,
    completed: bool,
    breaths_per_minute: int | None = None,
    now: datetime | None = None,
) -> PracticeSession:
    """Record minutes of one practice (a breathing session gives its pace; the others none)."""
    now = now or utcnow()
    if kind not in set(PracticeKind):
        raise InvalidInput("Please choose a practice: slow breathing, body scan or noticing.")
    minutes = bounded_int("the minutes you practised", minutes, 1, MAX_PRACTICE_MINUTES)
    if kind == PracticeKind.BREATHING:
        try:
            pace(breaths_per_minute)  # type: ignore[arg-type]  (None is refused there too)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
    elif breaths_per_minute is not None:
        raise InvalidInput("Only slow breathing has a number of breaths a minute.")
    with write_session() as session:
        patient_id, day = own_record(session, actor, "record_practice", now)
        row = PracticeSession(
            patient_id=patient_id,
            local_date=day,
            kind=kind,
            minutes=minutes,
            breaths_per_minute=breaths_per_minute,
            completed=bool(completed),
            created_at=now,
        )
        session.add(row)
        session.flush()
        write_audit(session, actor, "record_practice", patient_id)
        return row
