"""Bulk loading for generated data: many rows of one table in one go, on SQLite and PostgreSQL.

SQLAlchemy's own executemany converts every value through its type processors (about 30 µs a
check-in row here, 45 s for a 10,000-patient cohort); this writes values the driver takes as they
are, through the Core connection of the caller's transaction: ``executemany`` on SQLite, ``COPY``
on PostgreSQL. ``BulkValues`` turns Python values into that form once per distinct value (dates
and times repeat across a cohort), matching how SQLAlchemy stores them: naive UTC times in
SQLite's text format, JSON as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy import Table
from sqlmodel import Session

SQLITE_LOAD_CACHE_KIB = -262_144  # 256 MB (a negative cache_size is in KiB)
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for DATETIME on SQLite


class BulkValues:
    """Driver-ready values for one dialect (``sqlite`` or ``postgresql``)."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"
        self.day = cache(self._day)
        self.time = cache(self._time)

    def _day(self, value: date) -> date | str:
        return value.isoformat() if self.sqlite else value

    def _time(self, value: datetime) -> datetime | str:
        naive = value.astimezone(UTC).replace(tzinfo=None)
        return naive.strftime(SQLITE_TIME) if self.sqlite else naive

    @staticmethod
    def json(value: object) -> str:
        return json.dumps(value)


def values_for(session: Session) -> BulkValues:
    return BulkValues(session.get_bind().dialect.name)


def bulk_insert(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """Insert ``rows`` (tuples in the order of ``columns``, values from ``BulkValues``) into
    ``table`` inside the session's transaction; returns how many."""
    connection = session.connection()
    names = ", ".join(f'"{c}"' for c in columns)
    if connection.dialect.name == "postgresql":
        count = 0
        cursor = connection.connection.dbapi_connection.cursor()
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch = list(rows)
    if not batch:
        return 0
    # A bigger page cache for the load (this connection only): the indexes of a table of
    # millions of rows stop thrashing the default 2 MB.
    connection.exec_driver_sql(f"PRAGMA cache_size={SQLITE_LOAD_CACHE_KIB}")
    marks = ", ".join("?" for _ in columns)
    # Table and column names come from the models, never from input; the values are bound.
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'  # nosec B608
    connection.exec_driver_sql(sql, batch)
    return len(batch)
