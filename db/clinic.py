"""The clinic's contact card: what an admin edits, and what everyone (even logged out) reads.

``update_clinic`` and ``clinic_settings`` are registered (admin only, audited like every action).
``public_clinic_card`` is deliberately NOT registered: the login page's "Forgot password?"
fallback must show the clinic's number while nobody is logged in, so there is no actor to check.
It is safe outside the registry because it is read-only and returns only what the clinic prints
on its door and letters (name, phone numbers, hours, time zone, e-mail, address): one row that
holds no patient data (no PHI), the same for every caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import available_timezones

from sqlmodel import Session

from db.access import Actor
from db.actions import InvalidInput, _audit, action
from db.clock import utcnow
from db.engine import read_session, write_session
from db.models import Clinic
from db.queries import query
from program.clinic_hours import Hours, HoursError, parse_hours, to_json
from program.phone import PhoneError, tel_uri

CLINIC_ID = 1


@dataclass(frozen=True)
class ClinicCard:
    """Public clinic contact details only; never anything about a patient."""

    name: str
    phone: str
    tel: str
    after_hours_phone: str | None
    after_hours_tel: str | None
    after_hours_label: str
    timezone: str
    hours: Hours
    email: str | None
    address: str | None


def _card(row: Clinic) -> ClinicCard:
    try:
        hours = parse_hours(row.hours or {})
    except HoursError:  # stored hours are validated on save; never fail a help screen over them
        hours = {}
    return ClinicCard(
        name=row.name,
        phone=row.phone,
        tel=_tel_or_digits(row.phone),
        after_hours_phone=row.after_hours_phone,
        after_hours_tel=_tel_or_digits(row.after_hours_phone) if row.after_hours_phone else None,
        after_hours_label=row.after_hours_label,
        timezone=row.timezone,
        hours=hours,
        email=row.email,
        address=row.address,
    )


def _tel_or_digits(phone: str) -> str:
    try:
        return tel_uri(phone)
    except PhoneError:
        return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")


def public_clinic_card() -> ClinicCard | None:
    """The clinic's public contact card for anyone, logged in or not; None until set up.

    Unregistered on purpose (see the module docstring): read-only, no actor, no PHI.
    """
    with read_session() as session:
        row = session.get(Clinic, CLINIC_ID)
        return _card(row) if row is not None else None


@query("clinic_settings")
def clinic_settings(*, actor: Actor) -> ClinicCard | None:
    """The card as the admin edits it (the same public fields)."""
    return public_clinic_card()


def _limit(column: str) -> int:
    return Clinic.__table__.c[column].type.length


def _text(label: str, value: str | None, column: str, required: bool = False) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Please add the {label}.")
    if len(value) > _limit(column):
        raise InvalidInput(f"Please keep the {label} under {_limit(column)} characters.")
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
    if name not in available_timezones():
        raise InvalidInput(
            f"Unknown time zone {name!r}. Use a name from the time zone list, "
            "like America/New_York or America/Chicago."
        )
    return name


def save_clinic(
    session: Session,
    *,
    name: str,
    phone: str,
    after_hours_phone: str | None,
    after_hours_label: str,
    timezone: str,
    hours: Mapping[str, Sequence[Sequence[str]]],
    email: str | None = None,
    address: str | None = None,
    updated_by: int | None = None,
    now: datetime | None = None,
) -> Clinic:
    """Validate everything first, then write the one row (used by the action and the seed)."""
    try:
        valid_hours = to_json(parse_hours(hours))
    except HoursError as exc:
        raise InvalidInput(str(exc)) from exc
    values = dict(
        name=_text("clinic name", name, "name", required=True),
        phone=_phone("clinic phone", phone, "phone", required=True),
        after_hours_phone=_phone("after-hours phone", after_hours_phone, "after_hours_phone"),
        after_hours_label=_text("after-hours label", after_hours_label, "after_hours_label")
        or "After hours",
        timezone=_timezone(timezone),
        hours=valid_hours,
        email=_text("e-mail", email, "email"),
        address=_text("address", address, "address"),
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
    *,
    actor: Actor,
    name: str,
    phone: str,
    after_hours_phone: str | None,
    after_hours_label: str,
    timezone: str,
    hours: Mapping[str, Sequence[Sequence[str]]],
    email: str | None = None,
    address: str | None = None,
    now: datetime | None = None,
) -> ClinicCard:
    """Admin: change the clinic's contact card; nothing is saved unless all of it is valid."""
    with write_session() as session:
        row = save_clinic(
            session,
            name=name,
            phone=phone,
            after_hours_phone=after_hours_phone,
            after_hours_label=after_hours_label,
            timezone=timezone,
            hours=hours,
            email=email,
            address=address,
            updated_by=actor.user_id,
            now=now,
        )
        _audit(session, actor, "update_clinic", detail="clinic contact card")
        return _card(row)
