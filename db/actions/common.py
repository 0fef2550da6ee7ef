"""What every action shares: the audit row, checked input, the acting patient's record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from db.access import Actor, own_patient_id, require_patient
from db.actions import InvalidInput
from db.audit import AuditActor, record
from db.locks import lock_patient
from db.lookups import patient_today


def write_audit(
    session: Session,
    actor: Actor,
    action_name: str,
    patient_id: int | None = None,
    detail: str = "",
    outcome: str = "ok",
) -> None:
    """Append the audit row for an action (that succeeded, unless ``outcome`` says otherwise)."""
    record(
        session,
        actor=AuditActor(actor.user_id, actor.username, actor.temporary_session),
        action=action_name,
        outcome=outcome,
        patient_id=patient_id,
        detail=detail,
    )


def staff_today(now: datetime) -> date:
    """The date care-team rules use for staff (UTC), e.g. for care-team membership."""
    return now.date()


def bounded_int(name: str, value: object, low: int, high: int) -> int:
    """``value`` when it is a whole number from ``low`` to ``high``; else a message naming it."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"Please choose {name} from {low} to {high}.")
    return value


def clean_text(name: str, value: str | None, max_len: int, required: bool = False) -> str | None:
    """``value`` trimmed (None when empty), within ``max_len``; else a message naming it."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Please add {name}.")
    if len(value) > max_len:
        raise InvalidInput(f"Please keep {name} under {max_len} characters.")
    return value or None


def own_record(session: Session, actor: Actor, action_name: str, now: datetime) -> tuple[int, date]:
    """The acting patient's id and local date (their row locked for this write); else refused."""
    patient_id = own_patient_id(actor, action_name)
    lock_patient(session, patient_id)
    day = patient_today(session, patient_id, now)
    require_patient(session, actor, action_name, patient_id, day)
    return patient_id, day


def write_audit_outcome(
    session: Session, actor: Actor, name: str, outcome: str, detail: str
) -> None:
    """Append an audit row for a failed or refused attempt (outcome ``failed``/``refused``)."""
    write_audit(session, actor, name, detail=detail, outcome=outcome)


Row = TypeVar("Row", bound=SQLModel)


def save_daily_row(
    session: Session,
    model: type[Row],
    patient_id: int,
    day_column: str,
    day: date,
    values: dict[str, Any],
    now: datetime,
) -> tuple[Row, bool]:
    """The patient's one row of ``model`` for ``day`` (a check-in, a diary night), created or
    updated with ``values`` under a row lock; returns the row and whether it is new."""
    column = getattr(model, day_column)
    row = session.exec(
        select(model).where(model.patient_id == patient_id, column == day).with_for_update()
    ).first()
    created = row is None
    if row is None:
        row = model(patient_id=patient_id, created_at=now, **{day_column: day}, **values)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    row.updated_at = now
    session.add(row)
    session.flush()
    return row, created
