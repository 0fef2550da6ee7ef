"""A statement's rows fetched straight from the driver's cursor, as a DataFrame.

For the panel's one large read (10,000 rows of ~25 plain values), SQLAlchemy's
per-row Result machinery (a Row object per row, a result processor per value, then a tuple per
row for pandas) cost 10-25 ms CPU on top of the statement's ~150 ms at 10,000 patients
(interleaved runs of both ways on the 10k cohort). The statement is still compiled and its
parameters bound by SQLAlchemy; only the fetch skips the Row layer. The one conversion
SQLAlchemy would have made that matters here is done by hand: SQLite hands dates back as ISO
text, PostgreSQL's driver as dates already; the frame holds dates either way.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, Date
from sqlalchemy.sql import Select


def raw_frame(conn: Connection, statement: Select) -> pd.DataFrame:
    """The rows of ``statement``, one column per selected column (labels as keys)."""
    columns = list(statement.selected_columns)
    keys = [c.key for c in columns]
    result = conn.execute(statement)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    values = list(zip(*rows, strict=True)) if rows else [() for _ in keys]
    data = {}
    for key, column, column_values in zip(keys, columns, values, strict=True):
        if isinstance(column.type, Date):
            column_values = [_date(v) for v in column_values]
        data[key] = list(column_values)
    return pd.DataFrame(data, columns=keys)


def _date(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
