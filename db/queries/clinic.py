"""The clinic's contact card as read: by the admin (registered) and by everyone, logged in or not.

``clinic_settings`` is registered (admin only). ``public_clinic_card`` is deliberately NOT
registered: the login page's "Forgot password?" fallback must show the clinic's number while
nobody is logged in, so there is no actor to check. It is safe outside the registry because it is
read-only and returns only what the clinic prints on its door and letters (name, phone numbers,
hours, time zone, e-mail, address): one row that holds no patient data (no PHI), the same for
every caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.access import Actor
from db.engine import read_session
from db.models import Clinic
from db.queries import query
from db.read_audit import NoPatientData
from program.clinic_hours import Hours, HoursError, parse_hours
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


def card_from_row(row: Clinic) -> ClinicCard:
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
        return card_from_row(row) if row is not None else None


@query(
    "clinic_settings",
    audit=NoPatientData("the clinic's own name, phone numbers, address and opening hours"),
)
def clinic_settings(*, actor: Actor) -> ClinicCard | None:
    """The card as the admin edits it (the same public fields)."""
    return public_clinic_card()
