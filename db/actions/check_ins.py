"""The patient's daily check-in, and its answers so far (a draft kept as they answer)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import delete, select

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import bounded_int, clean_text, own_record, save_daily_row, write_audit
from db.actions.flags import open_or_update_flag
from db.baseline import complete_baseline_if_ready
from db.engine import write_session
from db.models import CheckIn, CheckInDraft, Flag, max_length
from db.rule_runs import rules_after_save
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
    """Save today's check-in (one per local day; saving again the same day updates it); once it
    is committed, the patient's follow-up rules run (db.rule_runs)."""
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
        row, created = save_daily_row(session, CheckIn, patient_id, "local_date", day, values, now)
        specs = list(warning_sign_flags(signs, day))
        if values["medicines_changed"]:
            specs.append(medicines_changed_flag(values["medicines_note"], day))
        flags = [
            open_or_update_flag(session, patient_id, spec, actor_id=actor.user_id, now=now)
            for spec in specs
        ]
        complete_baseline_if_ready(session, patient_id, day)  # may be the last baseline day
        # The answers are saved for good: the draft that kept them while answering goes.
        session.exec(
            delete(CheckInDraft).where(
                CheckInDraft.patient_id == patient_id, CheckInDraft.local_date == day
            )
        )
        write_audit(session, actor, "record_check_in" if created else "update_check_in", patient_id)
        result = CheckInResult(row, created, guidance_for(signs), tuple(flags))
    rules_after_save(patient_id, now=now)
    return result


# What a check-in draft may hold: answer -> (lowest, highest) for numbers, or its type.
DRAFT_SCALES = {"pain": (0, 10), "sleep": (1, 5), "mood": (1, 5), "stress": (1, 5)}
DRAFT_YES_NO = ("flare", "meds", "new")
DRAFT_NAMES = {
    "pain": "your pain",
    "sleep": "how you slept",
    "mood": "your mood",
    "stress": "your stress",
}


def check_in_draft_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` when every key is a check-in question and every value is in its range."""
    clean: dict[str, Any] = {}
    for key, value in answers.items():
        if value is None:  # not answered yet
            continue
        if key in DRAFT_SCALES:
            low, high = DRAFT_SCALES[key]
            clean[key] = bounded_int(DRAFT_NAMES[key], value, low, high)
        elif key in DRAFT_YES_NO:
            if not isinstance(value, bool):
                raise InvalidInput("Please answer yes or no.")
            clean[key] = value
        elif key == "meds_note":
            note = value if isinstance(value, str) else None
            if note is None:
                raise InvalidInput("The medicine note must be text.")
            limit = max_length(CheckIn, "medicines_note")
            clean[key] = clean_text("the medicine note", note, limit) or ""
        elif key == "signs":
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise InvalidInput("We could not read the warning signs you ticked.")
            if bad := unknown_keys(value):
                raise InvalidInput(f"Unknown warning sign: {', '.join(bad)}")
            clean[key] = sorted(set(value))
        else:
            raise InvalidInput("We could not save that answer; please try again.")
    return clean


@action("save_check_in_draft")
def save_check_in_draft(
    *, actor: Actor, answers: dict[str, Any], now: datetime | None = None
) -> CheckInDraft:
    """Keep today's answers so far (all of them: they replace the last draft), until saved."""
    now = now or utcnow()
    clean = check_in_draft_answers(answers)
    with write_session() as session:
        patient_id, day = own_record(session, actor, "save_check_in_draft", now)
        draft = session.exec(
            select(CheckInDraft).where(
                CheckInDraft.patient_id == patient_id, CheckInDraft.local_date == day
            )
        ).first()
        if draft is None:
            draft = CheckInDraft(patient_id=patient_id, local_date=day, answers={})
        draft.answers = clean
        draft.updated_at = now
        session.add(draft)
        session.flush()
        write_audit(session, actor, "save_check_in_draft", patient_id)
        return draft
