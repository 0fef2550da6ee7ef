"""Phone numbers as people type them, and the ``tel:`` link a phone can dial."""

from __future__ import annotations

import re

ALLOWED = re.compile(r"^\+?[0-9 ()./-]+$")
MIN_DIGITS, MAX_DIGITS = 3, 15  # 911-style short codes up to the E.164 maximum


class PhoneError(ValueError):
    """A number a person can correct; the message says how."""


def tel_uri(number: str) -> str:
    """``tel:+16175550142`` for ``+1 (617) 555-0142``; raises PhoneError for anything else."""
    text = (number or "").strip()
    digits = re.sub(r"\D", "", text)
    if not text or not ALLOWED.match(text) or not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise PhoneError(
            f"{text!r} is not a phone number. Use digits, spaces, dashes or brackets, "
            "like (617) 555-0142 or +1 617 555 0142."
        )
    if text.startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:  # a North American number written without the country code
        return f"tel:+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    return f"tel:{digits}"
