"""The cohort run's flag writes: new episodes in bulk, everything else one patient at a time.

A clinic's first cohort run (and any day many patients cross a line at once) opens thousands of
flags. One at a time through ``open_or_update_flag`` costs a lock, two reads and two flushes per
flag (about 4 ms on SQLite: 20,000 patients' first run spent 6 minutes there). Most of those
writes are the simplest case: an episode that does not exist yet, for a flag that e-mails no one.
Those go in bulk, a few hundred patients per savepoint: the patients' rows locked in one
statement (PostgreSQL; SQLite has one writer at a time), the flags inserted in one statement and
their "opened" history rows in another: the same rows, columns and values the one-at-a-time path
writes.

Everything else keeps the one-at-a-time path, each patient in a savepoint of its own: refreshes of
an unresolved episode, and urgent or emergency flags (their alert e-mail is queued with the flag,
db/alerts.py). If a bulk chunk fails (a save opened one of the same episodes after the run read
them: the unique index of open episodes refuses a second), the chunk is rolled back to its
savepoint and its patients go one at a time, where the lock makes them see that flag.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from db.actions.flags import open_or_update_flag
from db.models import Flag, FlagEvent, Patient
from program.rules import FlagSpec
from program.vocabulary import ALERT_SEVERITIES, FlagEventKind, FlagStatus

BULK = 500  # patients per bulk savepoint


class Known(Protocol):
    """The episodes the run read before evaluating (db.rules._Episodes)."""

    statuses: dict[tuple[int, str], set[str]]


def write_flags(
    session: Session,
    writes: Sequence[tuple[int, list[FlagSpec]]],
    known: Known,
    failed: list[int],
    now: datetime,
) -> int:
    """Open or refresh the flags of ``writes``; returns how many episodes were new. A patient
    whose write fails is added to ``failed`` and the others go on."""
    bulk, single = [], []
    for patient_id, specs in writes:
        new = all(
            (patient_id, s.dedupe_key) not in known.statuses and s.severity not in ALERT_SEVERITIES
            for s in specs
        )
        (bulk if new else single).append((patient_id, specs))
    opened = 0
    for first in range(0, len(bulk), BULK):
        chunk = bulk[first : first + BULK]
        try:
            with session.begin_nested():
                opened += _open_new(session, chunk, now)
        except SQLAlchemyError:
            single.extend(chunk)  # one at a time: each sees what was opened meanwhile
    return opened + _one_at_a_time(session, single, known, failed, now)


def _open_new(session: Session, chunk: Sequence[tuple[int, list[FlagSpec]]], now: datetime) -> int:
    if session.get_bind().dialect.name == "postgresql":  # SQLite: one writer at a time already
        ids = sorted({patient_id for patient_id, _ in chunk})
        session.execute(select(Patient.id).where(Patient.id.in_(ids)).with_for_update())
    rows = [
        {
            "patient_id": patient_id,
            "rule": spec.rule,
            "dedupe_key": spec.dedupe_key,
            "severity": spec.severity,
            "status": FlagStatus.OPEN,
            "explanation": spec.explanation,
            "patient_explanation": spec.patient_explanation or None,
            "inputs": spec.inputs,
            "opened_at": now,
            "last_seen_at": now,
        }
        for patient_id, specs in chunk
        for spec in specs
    ]
    if not rows:
        return 0
    table = Flag.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    flag_ids = [r[0] for r in session.execute(statement, rows)]
    events = [
        {
            "flag_id": flag_id,
            "at": now,
            "kind": FlagEventKind.OPENED,
            "actor_id": None,
            "note": None,
            "inputs": row["inputs"],
        }
        for flag_id, row in zip(flag_ids, rows, strict=True)
    ]
    session.execute(insert(FlagEvent.__table__), events)
    return len(rows)


def _one_at_a_time(
    session: Session,
    writes: Sequence[tuple[int, list[FlagSpec]]],
    known: Known,
    failed: list[int],
    now: datetime,
) -> int:
    opened = 0
    for patient_id, specs in writes:
        try:
            with session.begin_nested():
                for spec in specs:
                    open_or_update_flag(session, patient_id, spec, now=now)
        except Exception as exc:  # one patient's bad data must not stop the run for the others
            report_failure(failed, patient_id, exc)
            continue
        opened += sum((patient_id, s.dedupe_key) not in known.statuses for s in specs)
    return opened


def report_failure(failed: list[int], patient_id: int, exc: Exception) -> None:
    """Say which patient failed and why (the kind of error, never their data); the run goes on."""
    print(f"patient {patient_id} failed: {type(exc).__name__}", file=sys.stderr)
    failed.append(patient_id)
