"""Admin: change the clinic's contact card (validated, audited, all or nothing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NotRequired, TypedDict, Unpack

from sqlmodel import Session

from core.clock import utcnow
from db.access import Actor
from db.actions import InvalidInput, action
from db.actions.common import write_audit
from db.engine import write_session
from db.models import Clinic, max_length
from db.queries.clinic import CLINIC_ID, ClinicCard, card_from_row
from program.clinic_hours import HoursError, parse_hours, to_json
from program.phone import PhoneError, tel_uri
from program.timezones import is_known_timezone


def _text(label: str, value: str | None, column: str, required: bool = False) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Please add the {label}.")
    if len(value) > max_length(Clinic, column):
        raise InvalidInput(
            f"Please keep the {label} under {max_length(Clinic, column)} characters."
        )
    return value or None


def _phone(label: str, value: str | None, column: str, required: bool = False) -> str | None:
    text = _text(label, value, column, required)
    if text is not None:
        try:
            tel_uri(text)
        except PhoneError as exc:
            raise InvalidInput(f"The {label}: {exc}") from exc
    return text


def _timezone(name: str) -> str:
    name = (name or "").strip()
    if not is_known_timezone(name):
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise InvalidInput(
            f"Unknown time zone {shown!r}. Use a name from the time zone list, "
            "like America/New_York or America/Chicago."
        )
    return name


class ClinicFields(TypedDict):
    """What an admin types on the clinic page (and what the demo seed provides)."""

    name: str
    phone: str
    after_hours_phone: str | None
    after_hours_label: str
    timezone: str
    hours: Mapping[str, Sequence[Sequence[str]]]
    email: NotRequired[str | None]
    address: NotRequired[str | None]


def save_clinic(
    session: Session,
    *,
    updated_by: int | None = None,
    now: datetime | None = None,
    **card: Unpack[ClinicFields],
) -> Clinic:
    """Validate everything first, then write the one row (used by the action and the seed)."""
    fields = ClinicFields.__annotations__
    if unknown := sorted(set(card) - set(fields)):
        raise InvalidInput(f"The clinic card has no field {', '.join(unknown)}.")
    # (the annotations are strings here: NotRequired[...] marks the optional ones)
    required = {
        k
        for k, hint in fields.items()
        if not getattr(hint, "__forward_arg__", str(hint)).startswith("NotRequired")
    }
    if missing := sorted(required - set(card)):
        raise InvalidInput(f"Please fill in the clinic's {', '.join(missing)}.")
    try:
        valid_hours = to_json(parse_hours(card["hours"]))
    except HoursError as exc:
        raise InvalidInput(str(exc)) from exc
    values = dict(
        name=_text("clinic name", card["name"], "name", required=True),
        phone=_phone("clinic phone", card["phone"], "phone", required=True),
        after_hours_phone=_phone(
            "after-hours phone", card["after_hours_phone"], "after_hours_phone"
        ),
        after_hours_label=_text("after-hours label", card["after_hours_label"], "after_hours_label")
        or "After hours",
        timezone=_timezone(card["timezone"]),
        hours=valid_hours,
        email=_text("e-mail", card.get("email"), "email"),
        address=_text("address", card.get("address"), "address"),
        updated_at=now or utcnow(),
        updated_by=updated_by,
    )
    if values["email"] and "@" not in values["email"]:
        raise InvalidInput("The e-mail address needs an @, like front-desk@clinic.org.")
    row = session.get(Clinic, CLINIC_ID) or Clinic(id=CLINIC_ID, **values)
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


@action("update_clinic")
def update_clinic(
    *, actor: Actor, now: datetime | None = None, **card: Unpack[ClinicFields]
) -> ClinicCard:
    """Admin: change the clinic's contact card; nothing is saved unless all of it is valid."""
    with write_session() as session:
        row = save_clinic(session, updated_by=actor.user_id, now=now, **card)
        write_audit(session, actor, "update_clinic", detail="clinic contact card")
        return card_from_row(row)
