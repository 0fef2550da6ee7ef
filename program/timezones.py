"""Time zone names: one check for every place that accepts one (a patient's, the clinic's).

``ZoneInfo(name)`` reads a file named after the zone: a 300-character name raises ``OSError``
(file name too long) and ``../`` names reach outside the zone folder. Only names in the IANA list
that zoneinfo ships are accepted, so ``ZoneInfo`` is only ever asked for a known zone.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    """Every IANA time zone name this machine (or the tzdata package) knows."""
    return frozenset(available_timezones())


def is_known_timezone(name: str | None) -> bool:
    """True when ``name`` is exactly one of the IANA time zone names, like ``America/Chicago``."""
    return isinstance(name, str) and name in known_timezones()
