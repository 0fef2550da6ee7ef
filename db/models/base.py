"""What every table file shares: CHECK constraint helpers, stored vocabularies, text limits."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import CheckConstraint
from sqlmodel import SQLModel

from program.vocabulary import FlagStatus, VersionSource, VersionStatus

VERSION_STATUSES = tuple(VersionStatus)
VERSION_SOURCES = tuple(VersionSource)
SESSION_KINDS = ("staff", "patient")
AUDIT_OUTCOMES = ("ok", "refused", "failed")
# The largest id an INTEGER column holds: PostgreSQL refuses to compare or store a larger number
# ("integer out of range"), so an id beyond it names a row that cannot exist.
MAX_ROW_ID = 2**31 - 1
# The database itself refuses a second open flag for one (patient, episode); see migration 0007.
OPEN_FLAG_WHERE = f"status <> '{FlagStatus.RESOLVED}'"


# CHECK constraints (migration 0007 writes the same ones out as literals): the database refuses
# what the actions already refuse, so no other writer (a script, a transfer) can store it either.
def one_of(table: str, column: str, values: Iterable[str]) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"ck_{table}_{column}")


def between(table: str, column: str, low: int, high: int | None = None) -> CheckConstraint:
    rule = f"{column} >= {low}" if high is None else f"{column} BETWEEN {low} AND {high}"
    return CheckConstraint(rule, name=f"ck_{table}_{column}")


def max_length(model: type[SQLModel], field: str) -> int:
    """The most characters ``model.field`` stores: the one text limit actions and pages read."""
    length = getattr(model.__table__.c[field].type, "length", None)  # type: ignore[attr-defined]
    if length is None:
        raise ValueError(f"{model.__name__}.{field} has no length limit")
    return int(length)
