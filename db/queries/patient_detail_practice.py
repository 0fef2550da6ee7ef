"""The patient detail's practice record: breathing and mindfulness minutes (the patient's own
Progress numbers) and the latest sessions (the callers check who asks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from db.models import PracticeSession
from db.queries.practice import PracticeView, practice_view

RECENT_SESSIONS = 10


@dataclass(frozen=True)
class PracticeLine:
    local_date: date
    kind: str  # PracticeKind
    minutes: int
    breaths_per_minute: int | None  # breathing only
    completed: bool  # ran its whole planned length


@dataclass(frozen=True)
class PracticeRecord:
    minutes: PracticeView
    recent: tuple[PracticeLine, ...]  # newest first, at most RECENT_SESSIONS


def practice_record(session: Session, patient_id: int, today: date) -> PracticeRecord:
    rows = session.exec(
        select(PracticeSession)
        .where(PracticeSession.patient_id == patient_id, PracticeSession.local_date <= today)
        .order_by(PracticeSession.local_date.desc(), PracticeSession.id.desc())
        .limit(RECENT_SESSIONS)
    ).all()
    return PracticeRecord(
        practice_view(session, patient_id, today),
        tuple(
            PracticeLine(r.local_date, r.kind, r.minutes, r.breaths_per_minute, r.completed)
            for r in rows
        ),
    )
