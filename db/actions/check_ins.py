"""The patient's daily check-in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import bounded_int, clean_text, own_record, write_audit
from db.actions.flags import open_or_update_flag
from db.baseline import complete_baseline_if_ready
from db.engine import write_session
from db.models import CheckIn, Flag, max_length
from program.rules import medicines_changed_flag, warning_sign_flags
from program.warning_signs import Guidance, guidance_for, unknown_keys


@dataclass(frozen=True)
class CheckInResult:
    check_in: CheckIn
    created: bool
    guidance: Guidance | None
    flags: tuple[Flag, ...]


@action("record_check_in")
def record_check_in(
    *,
    actor: Actor,
    pain: int,
    sleep_quality: int,
    mood: int,
    stress: int,
    flare: bool,
    medicines_changed: bool,
    medicines_note: str | None = None,
    anything_new: bool = False,
    warning_signs: Iterable[str] = (),
    now: datetime | None = None,
) -> CheckInResult:
    """Save today's check-in (one per local day; saving again the same day updates it)."""
    now = now or utcnow()
    signs = sorted(set(warning_signs)) if anything_new else []
    if bad := unknown_keys(signs):
        raise InvalidInput(f"Unknown warning sign: {', '.join(bad)}")
    values = {
        "pain": bounded_int("your pain", pain, 0, 10),
        "sleep_quality": bounded_int("how you slept", sleep_quality, 1, 5),
        "mood": bounded_int("your mood", mood, 1, 5),
        "stress": bounded_int("your stress", stress, 1, 5),
        "flare": bool(flare),
        "medicines_changed": bool(medicines_changed),
        "medicines_note": clean_text(
            "the medicine note", medicines_note, max_length(CheckIn, "medicines_note")
        )
        if medicines_changed
        else None,
        "anything_new": bool(anything_new),
        "warning_signs": signs,
    }
    with write_session() as session:
        patient_id, day = own_record(session, actor, "record_check_in", now)
        row = session.exec(
            select(CheckIn)
            .where(CheckIn.patient_id == patient_id, CheckIn.local_date == day)
            .with_for_update()
        ).first()
        created = row is None
        if row is None:
            row = CheckIn(patient_id=patient_id, local_date=day, created_at=now, **values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        row.updated_at = now
        session.add(row)
        session.flush()
        specs = list(warning_sign_flags(signs, day))
        if values["medicines_changed"]:
            specs.append(medicines_changed_flag(values["medicines_note"], day))
        flags = [
            open_or_update_flag(session, patient_id, spec, actor_id=actor.user_id, now=now)
            for spec in specs
        ]
        complete_baseline_if_ready(session, patient_id, day)  # may be the last baseline day
        write_audit(session, actor, "record_check_in" if created else "update_check_in", patient_id)
        return CheckInResult(row, created, guidance_for(signs), tuple(flags))
