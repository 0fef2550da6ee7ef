"""The cohort run of the follow-up rules: ``python -m db.rules --all [--as-of YYYY-MM-DD]``.

Evaluates every patient with a current enrolment at the end of local date D (default: each
patient's today), reading nothing recorded for a later date, against the database in
``DATABASE_URL``, and opens flags through ``open_or_update_flag`` with the rules' dedupe keys.

Set-based: a handful of queries load everyone's data; only patients with a firing rule get a
write. An episode that already has a flag is never opened again: an unresolved one is refreshed, a
resolved one stays closed (a new episode has a new key). Warning-sign and PHQ-9 item-9 flags are
written with the patient's save (db.actions), so this run leaves them to it.

The last line printed is ``checked=N opened=M``. Exit 1 if any patient failed (the others still
run), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.actions.flags import open_or_update_flag
from db.engine import read_session, write_session
from db.lookups import PAUSE_KINDS, is_current_enrolment, plan_events_by_enrolment
from db.models import CheckIn, Enrolment, Flag, Patient, WarningSignReport
from db.models import QuestionnaireResponse as Response
from program.measures import PHQ9_CRISIS_ITEM
from program.rules import (
    SAVE_TIME_RULES,
    CheckInEntry,
    PatientRuleInput,
    PegEntry,
    QuestionnaireEntry,
    RuleResult,
    RuleSettings,
    SignReport,
    evaluate_patient,
)
from program.vocabulary import FlagStatus, QuestionnaireCode

MOOD_CODES = (QuestionnaireCode.PHQ9, QuestionnaireCode.GAD7)


@dataclass(frozen=True)
class RunResult:
    checked: int
    opened: int
    failed: tuple[int, ...]  # patient ids


def _current(session: Session):
    """Each patient's newest current enrolment (a subquery: patient_id, enrolment id)."""
    return (
        select(Enrolment.patient_id, func.max(Enrolment.id).label("enrolment_id"))
        .where(is_current_enrolment())
        .group_by(Enrolment.patient_id)
        .subquery()
    )


def load_inputs(
    session: Session, as_of: date | None, now: datetime
) -> tuple[list[tuple[PatientRuleInput, date]], list[int]]:
    """Every current enrolment's rule input with the day it is evaluated for, in a few queries,
    and the patients whose day could not be worked out."""
    current = _current(session)
    rows = session.exec(
        select(Enrolment, Patient.timezone)
        .join(current, current.c.enrolment_id == Enrolment.id)
        .join(Patient, Patient.id == Enrolment.patient_id)
    ).all()
    days, failed = {}, []
    for e, tz in rows:
        try:
            days[e.patient_id] = as_of or local_today(tz, now)
        except Exception:  # a time zone the clock does not know: this patient fails, not the run
            failed.append(e.patient_id)
    rows = [(e, tz) for e, tz in rows if e.patient_id in days]
    last_day = max(days.values(), default=date.min)
    starts = {e.patient_id: e.start_date for e, _ in rows}

    def mine(patient_id: int, day: date) -> bool:  # inside the current enrolment, not later
        return patient_id in days and starts[patient_id] <= day <= days[patient_id]

    def joined(model):
        return (
            select(model)
            .join(current, current.c.patient_id == model.patient_id)
            .where(model.local_date <= last_day)
        )

    pegs, moods = defaultdict(list), defaultdict(list)
    for r in session.exec(
        joined(Response).where(Response.instrument.in_((QuestionnaireCode.PEG, *MOOD_CODES)))
    ):
        if not mine(r.patient_id, r.local_date):
            continue
        if r.instrument == QuestionnaireCode.PEG:
            pegs[r.patient_id].append(PegEntry(r.program_week, r.local_date, r.total))
        else:
            item9 = (
                r.answers.get(PHQ9_CRISIS_ITEM) if r.instrument == QuestionnaireCode.PHQ9 else None
            )
            moods[r.patient_id].append(
                QuestionnaireEntry(r.instrument, r.local_date, r.total, item9, r.program_week)
            )
    check_ins = defaultdict(list)
    for c in session.exec(joined(CheckIn)):
        if mine(c.patient_id, c.local_date):
            entry = CheckInEntry(c.local_date, c.pain, tuple(c.warning_signs or ()))
            check_ins[c.patient_id].append(entry)
    reports = defaultdict(list)
    for w in session.exec(joined(WarningSignReport)):
        if mine(w.patient_id, w.local_date):
            reports[w.patient_id].append(SignReport(w.local_date, tuple(w.signs)))
    events = plan_events_by_enrolment(session, [e.id for e, _ in rows], PAUSE_KINDS)
    inputs = [
        (
            PatientRuleInput(
                patient_id=e.patient_id,
                enrolment_id=e.id,
                start_date=e.start_date,
                week1_start=e.week1_start,
                plan_events=tuple(events.get(e.id, ())),
                pegs=tuple(pegs[e.patient_id]),
                check_ins=tuple(check_ins[e.patient_id]),
                questionnaires=tuple(moods[e.patient_id]),
                sign_reports=tuple(reports[e.patient_id]),
            ),
            days[e.patient_id],
        )
        for e, _ in rows
    ]
    return inputs, failed


def _flag_states(session: Session) -> dict[tuple[int, str], set[str]]:
    """The statuses of every flag episode the cohort run may open, by (patient, dedupe key)."""
    states: dict[tuple[int, str], set[str]] = defaultdict(set)
    query = select(Flag.patient_id, Flag.dedupe_key, Flag.status).where(
        Flag.rule.not_in(tuple(SAVE_TIME_RULES))
    )
    for patient_id, key, status in session.exec(query):
        states[(patient_id, key)].add(status)
    return states


def _to_write(results: Sequence[RuleResult], patient_id: int, states: dict) -> list[RuleResult]:
    """Firing results whose episode is new or still unresolved (a resolved one stays closed)."""
    chosen = []
    for r in results:
        if not r.fires or r.rule in SAVE_TIME_RULES:
            continue
        seen = states.get((patient_id, r.dedupe_key), set())
        if not seen or seen - {FlagStatus.RESOLVED}:
            chosen.append(r)
    return chosen


def run_all(as_of: date | None = None, *, now: datetime | None = None) -> RunResult:
    """Evaluate every enrolled patient and open or refresh their flags; one failure stops no one."""
    now = now or utcnow()
    settings = RuleSettings.from_defaults()
    with read_session() as session:
        inputs, failed = load_inputs(session, as_of, now)
        states = _flag_states(session)
    for patient_id in failed:
        print(f"patient {patient_id} failed: unknown time zone", file=sys.stderr)
    checked, opened = len(inputs) + len(failed), 0
    for data, day in inputs:
        try:
            chosen = _to_write(evaluate_patient(data, settings, day), data.patient_id, states)
            if not chosen:
                continue
            with write_session() as session:
                for r in chosen:
                    open_or_update_flag(session, data.patient_id, r.flag_spec(), now=now)
            opened += sum(1 for r in chosen if (data.patient_id, r.dedupe_key) not in states)
        except Exception as exc:  # one patient's bad data must not stop the run for the others
            print(f"patient {data.patient_id} failed: {type(exc).__name__}", file=sys.stderr)
            failed.append(data.patient_id)
    return RunResult(checked, opened, tuple(failed))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m db.rules", description=__doc__.splitlines()[0])
    p.add_argument("--all", action="store_true", required=True, help="every enrolled patient")
    p.add_argument(
        "--as-of",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="evaluate at the end of this local date (default: each patient's today)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 on bad arguments
    result = run_all(args.as_of)
    print(f"checked={result.checked} opened={result.opened}")
    return 1 if result.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
