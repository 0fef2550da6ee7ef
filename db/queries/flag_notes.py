"""What the patient wrote, shown to staff with the flag it raised (read-only helpers for queries).

A "medicines changed" flag is one episode that each check-in with a medicine change refreshes; the
notes of that episode are the notes of the check-ins from the day it opened to the day it last
fired (``inputs["local_date"]``), in the patient's own calendar. Patient-typed text: pages must
render it as plain text, never as Markdown or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from core.clock import local_today
from db.models import CheckIn, Flag
from program.rules import MEDICINES_RULE


@dataclass(frozen=True)
class PatientNote:
    local_date: date
    text: str


def _episode_days(flag: Flag, timezone: str) -> tuple[date, date]:
    """The first and last local day of a flag episode."""
    opened = local_today(timezone, flag.opened_at)
    last = (flag.inputs or {}).get("local_date")
    last_day = date.fromisoformat(last) if isinstance(last, str) else opened
    return min(opened, last_day), last_day


def medicine_notes(
    session: Session, flags: list[tuple[Flag, str]]
) -> dict[int, tuple[PatientNote, ...]]:
    """Notes per flag id for the "medicines changed" flags among ``(flag, patient time zone)``.

    One query for all of them (no query per flag), oldest note first.
    """
    windows = {
        flag.id: (flag.patient_id, *_episode_days(flag, tz))
        for flag, tz in flags
        if flag.rule == MEDICINES_RULE
    }
    if not windows:
        return {}
    patient_ids = {patient_id for patient_id, _, _ in windows.values()}
    earliest = min(first for _, first, _ in windows.values())
    rows = session.exec(
        select(CheckIn.patient_id, CheckIn.local_date, CheckIn.medicines_note)
        .where(
            CheckIn.patient_id.in_(patient_ids),
            CheckIn.medicines_changed.is_(True),
            CheckIn.medicines_note.is_not(None),
            CheckIn.local_date >= earliest,
        )
        .order_by(CheckIn.local_date)
    ).all()
    return {
        flag_id: tuple(
            PatientNote(day, note)
            for pid, day, note in rows
            if pid == patient_id and first <= day <= last
        )
        for flag_id, (patient_id, first, last) in windows.items()
    }
