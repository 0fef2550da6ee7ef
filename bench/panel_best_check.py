"""Time ``bench/panel_best_sql.py``'s statement through the bare driver and compare its rows
with the panel's own (``panel_for_staff``), cell by cell over program.panel.ALL_COLUMNS."""

from __future__ import annotations

import math
import statistics
import time
from datetime import date, datetime

from bench.panel_best_sql import REPEATS, statement_for


def run_best_sql(actor, now: datetime, repeats: int = REPEATS) -> tuple[list[str], list, list]:
    """(column names, rows, times in ms: one warm-up, then ``repeats``) through the bare cursor."""
    from db.engine import get_engine

    engine = get_engine()
    sql, params = statement_for(actor, now, engine.dialect.name)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            cursor.execute("SET jit = off")  # as the app's panel does
        times = []
        for _ in range(repeats + 1):
            start = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            times.append((time.perf_counter() - start) * 1000)
        names = [c[0] for c in cursor.description]
    finally:
        raw.close()
    return names, rows, times[1:]


def _same(a, b) -> bool:
    if _missing(a) and _missing(b):
        return True
    if _missing(a) or _missing(b):
        return False
    if isinstance(a, date) or isinstance(b, date):
        return str(a)[:10] == str(b)[:10]
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pandas NA
    except TypeError:  # pandas.NA's comparison
        return True


def differences(names: list[str], rows: list, frame) -> tuple[list[str], int, int]:
    """(the first differences as text, rows that differ, of them on irregular plans) between the
    SQL's rows and the panel's frame, patient by patient, over program.panel.ALL_COLUMNS."""
    from program.panel import ALL_COLUMNS

    mine = {row[names.index("patient_id")]: dict(zip(names, row, strict=True)) for row in rows}
    theirs = {int(r["patient_id"]): r for r in frame.to_dict("records")}
    notes = []
    if set(mine) != set(theirs):
        notes.append(
            f"patients differ: {len(set(mine) - set(theirs))} only in the SQL, "
            f"{len(set(theirs) - set(mine))} only in the panel"
        )
    differing = irregular = 0
    for pid in sorted(set(mine) & set(theirs)):
        wrong = [c for c in ALL_COLUMNS if not _same(mine[pid][c], theirs[pid][c])]
        if wrong:
            differing += 1
            irregular += bool(mine[pid]["irregular"])
            if len(notes) < 5:
                shown = ", ".join(f"{c} {mine[pid][c]!r} vs {theirs[pid][c]!r}" for c in wrong)
                notes.append(
                    f"patient {pid}{' (irregular plan)' * bool(mine[pid]['irregular'])}: {shown}"
                )
    return notes, differing, irregular


def compare(url: str, username: str, repeats: int = REPEATS) -> dict:
    """Time the best SQL for ``username``'s panel on ``url`` and compare its rows with
    ``panel_for_staff``'s: median/min/max ms, rows, ``rows_equal`` and the first differences."""
    import os

    from sqlmodel import select

    from core.clock import utcnow
    from db.access import actor_from_user
    from db.engine import read_session
    from db.models import User
    from db.queries import panel_for_staff

    os.environ["DATABASE_URL"] = url
    with read_session() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        actor = actor_from_user(session, user)
    now = utcnow()
    names, rows, times = run_best_sql(actor, now, repeats)
    frame = panel_for_staff(actor=actor, now=now)
    notes, differing, irregular = differences(names, rows, frame)
    return {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "rows": len(rows),
        "rows_equal": not notes,
        "differing_rows": differing,
        "irregular_differing": irregular,
        "irregular_plans": sum(bool(r[names.index("irregular")]) for r in rows),
        "differences": notes,
    }


def verdict(result: dict) -> str:
    """``yes``, or ``no: ...`` with how many rows differ and the first differences."""
    if result["rows_equal"]:
        return "yes"
    return (
        f"no: {result['differing_rows']} of {result['rows']} rows differ, "
        f"{result['irregular_differing']} of them irregular plans "
        f"({result['irregular_plans']} on this panel; the SQL counts them as plain plans: "
        "bench/panel_best_sql.py); first: " + "; ".join(result["differences"][:3])
    )
