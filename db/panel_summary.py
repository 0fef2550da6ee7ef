"""Keeps each patient's PatientSummary current, in the same transaction as the write.

Any ORM flush that adds, changes or deletes a check-in or a questionnaire response (the check-in and questionnaire
actions, the demo seed, a script) rewrites those patients' summaries from their own rows before
the transaction commits (``after_flush``): a save that fails or rolls back leaves the summary as it
was. Bulk writes that bypass the ORM (the synthetic cohort's COPY, the migration's backfill) call
``refresh_summaries`` themselves. A transfer copies the table like every other.

The summary never holds a value that depends on today's date (program/panel_summary.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import chain

from sqlalchemy import Connection, delete, event, func, insert, select
from sqlalchemy.orm import Session

from db.models import CheckIn, Patient, PatientSummary
from db.models import QuestionnaireResponse as Response
from program.panel_summary import RECENT_DAYS, answered_strip, pain_strip, peg_ends
from program.vocabulary import QuestionnaireCode

CHUNK = 1000  # patients rewritten per statement (bounds IN lists and memory)


def refresh_summaries(conn: Connection, patient_ids: Iterable[int] | None = None) -> int:
    """Rewrite the summaries of these patients (None: every patient) from their check-ins and
    questionnaires, on the caller's connection and transaction; returns how many rows it wrote."""
    if patient_ids is None:
        ids = list(conn.execute(select(Patient.id).order_by(Patient.id)).scalars())
    else:
        ids = sorted(set(patient_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        written += _refresh(conn, ids[start : start + CHUNK])
    return written


def _refresh(conn: Connection, ids: list[int]) -> int:
    last: dict[int, date] = dict(
        conn.execute(
            select(CheckIn.patient_id, func.max(CheckIn.local_date))
            .where(CheckIn.patient_id.in_(ids))
            .group_by(CheckIn.patient_id)
        ).all()
    )
    pains: dict[int, dict[date, int]] = defaultdict(dict)
    if last:
        since = min(last.values()) - timedelta(days=RECENT_DAYS - 1)
        for pid, day, pain in conn.execute(
            select(CheckIn.patient_id, CheckIn.local_date, CheckIn.pain).where(
                CheckIn.patient_id.in_(list(last)), CheckIn.local_date >= since
            )
        ):
            if day > last[pid] - timedelta(days=RECENT_DAYS):
                pains[pid][day] = pain
    pegs: dict[int, list] = defaultdict(list)
    answered: dict[int, list] = defaultdict(list)
    for pid, code, week, taken_at, total in conn.execute(
        select(
            Response.patient_id,
            Response.instrument,
            Response.program_week,
            Response.taken_at,
            Response.total,
        ).where(Response.patient_id.in_(ids))
    ):
        answered[pid].append((code, week))
        if code == QuestionnaireCode.PEG:
            pegs[pid].append((week, taken_at, total))
    rows = []
    for pid in ids:
        if pid not in last and pid not in answered:
            continue
        ends = peg_ends(pegs.get(pid, ()))
        newest = max((week for _, week in answered.get(pid, ())), default=None)
        rows.append(
            {
                "patient_id": pid,
                "last_check_in": last.get(pid),
                "recent_pain": pain_strip(last.get(pid), pains.get(pid, {})),
                "peg_baseline": ends.baseline,
                "peg_baseline_week": ends.baseline_week,
                "peg_latest": ends.latest,
                "peg_latest_week": ends.latest_week,
                "answered_week": newest,
                "answered": answered_strip(newest, answered.get(pid, ())),
            }
        )
    conn.execute(delete(PatientSummary).where(PatientSummary.patient_id.in_(ids)))
    if rows:
        conn.execute(insert(PatientSummary), rows)
    return len(rows)


def _changed_patients(session: Session) -> set[int]:
    """Patients whose check-ins or questionnaires this flush wrote (new, changed or deleted)."""
    ids = set()
    for row in chain(session.new, session.dirty, session.deleted):
        if isinstance(row, CheckIn | Response):
            ids.add(row.patient_id)
    return ids


@event.listens_for(Session, "after_flush")
def _keep_summaries_current(session: Session, _context) -> None:  # noqa: ANN001
    if ids := _changed_patients(session):
        refresh_summaries(session.connection(), ids)
