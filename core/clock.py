"""The one source of 'now' so that tests can freeze time (time-machine patches datetime.now)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Current time as an aware UTC datetime (how every timestamp is stored)."""
    return datetime.now(UTC)


def local_today(timezone: str, now: datetime | None = None) -> date:
    """The calendar date it is now for someone living in the IANA zone ``timezone``."""
    moment = now or utcnow()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(timezone)).date()
