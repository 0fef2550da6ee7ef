"""The cohort run of the follow-up rules: ``python -m db.rules --all [--as-of YYYY-MM-DD]``.

Evaluates every patient with a current enrolment at the end of local date D (default: each
patient's today), reading nothing recorded for a later date, against the database in
``DATABASE_URL``, and opens flags with the rules' dedupe keys (db/rule_writes.py: new episodes in
bulk, the rest through ``open_or_update_flag``).

Set-based: a handful of queries load everyone's data; only patients with a firing rule get a
write. An episode that already has a flag is never opened again: an unresolved one is refreshed, a
resolved one stays closed (a new episode has a new key). Warning-sign and PHQ-9 item-9 flags are
written with the patient's save (db.actions), so this run leaves them to it.

Each patient is evaluated with the rule settings in force for them (db.rule_settings: the program's
newest version, then their own), and each flag records the settings version that fired it.

The last line printed is ``checked=N opened=M``. Exit 1 if any patient failed (the others still
run), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.cohort_rule_inputs import summaries
from db.engine import read_session, write_session
from db.leases import claim, holder_name
from db.lookups import PAUSE_KINDS, is_current_enrolment, plan_events_of
from db.models import CheckIn, Enrolment, Flag, Patient, WarningSignReport
from db.models import QuestionnaireResponse as Response
from db.rule_inputs import check_in_rows, only, quiet_inputs
from db.rule_settings import settings_by_patient
from db.rule_writes import report_failure, write_flags
from program.defaults import ALERT_DEFAULTS
from program.measures import PHQ9_CRISIS_ITEM
from program.rules import (
    SAVE_TIME_RULES,
    CheckInEntry,
    FlagSpec,
    PatientRuleInput,
    PegEntry,
    QuestionnaireEntry,
    RuleResult,
    SignReport,
    evaluate_patient,
)
from program.rules.screen import Summary, fired
from program.rules.tuning import DEFAULT_SETTINGS, EffectiveSettings, numbers, stamped
from program.vocabulary import FlagStatus, Job, QuestionnaireCode

CHUNK = 500  # patients written per transaction
READ_ALL_AT = 2000  # more patients to evaluate in full than this: one read of everyone's rows
MOOD_CODES = (QuestionnaireCode.PHQ9, QuestionnaireCode.GAD7)


@dataclass(frozen=True)
class RunResult:
    checked: int
    opened: int
    failed: tuple[int, ...]  # patient ids


def _current(session: Session, patient_ids: Collection[int] | None = None):
    """Each patient's newest current enrolment (a subquery: patient_id, enrolment id); only
    ``patient_ids``' when given (every query below joins it, so they load only those)."""
    query = select(Enrolment.patient_id, func.max(Enrolment.id).label("enrolment_id")).where(
        is_current_enrolment()
    )
    if patient_ids is not None:
        query = query.where(Enrolment.patient_id.in_(tuple(patient_ids)))
    return query.group_by(Enrolment.patient_id).subquery()


def load_inputs(
    session: Session,
    as_of: date | None,
    now: datetime,
    patient_ids: Collection[int] | None = None,
) -> tuple[list[tuple[PatientRuleInput, date]], list[int]]:
    """Every current enrolment's rule input (or only ``patient_ids``') with the day it is
    evaluated for, in a few queries, and the patients whose day could not be worked out."""
    current = _current(session, patient_ids)
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
    if not rows:  # nobody to evaluate (and no day to count back from)
        return [], failed
    last_day = max(days.values(), default=date.min)
    starts = {e.patient_id: e.start_date for e, _ in rows}

    def mine(patient_id: int, day: date) -> bool:  # inside the current enrolment, not later
        return patient_id in days and starts[patient_id] <= day <= days[patient_id]

    def joined(model, *columns):  # columns, not ORM objects: a cohort is many rows
        return only(
            select(model.patient_id, model.local_date, *columns)
            .join(current, current.c.patient_id == model.patient_id)
            .where(model.local_date <= last_day),
            model.patient_id,
            patient_ids,
        )

    pegs, moods = defaultdict(list), defaultdict(list)
    peg_rows = joined(Response, Response.program_week, Response.total).where(
        Response.instrument == QuestionnaireCode.PEG
    )
    # In the order they were saved: of two answers of one day, the same one counts on every engine.
    for patient_id, day, week, total in session.exec(peg_rows.order_by(Response.id)):
        if mine(patient_id, day):
            pegs[patient_id].append(PegEntry(week, day, total))
    mood_rows = joined(
        Response, Response.instrument, Response.total, Response.answers, Response.program_week
    ).where(Response.instrument.in_(MOOD_CODES))
    for patient_id, day, code, total, answers, week in session.exec(
        mood_rows.order_by(Response.id)
    ):
        if mine(patient_id, day):
            item9 = answers.get(PHQ9_CRISIS_ITEM) if code == QuestionnaireCode.PHQ9 else None
            moods[patient_id].append(QuestionnaireEntry(code, day, total, item9, week))
    # Warning signs count on the day they are ticked only: read them for the last days alone.
    first_day = min(days.values(), default=date.min)
    signs_on = {
        (patient_id, day): tuple(signs or ())
        for patient_id, day, signs in session.exec(
            joined(CheckIn, CheckIn.warning_signs).where(CheckIn.local_date >= first_day)
        )
    }
    check_ins = defaultdict(list)
    for patient_id, day, pain in check_in_rows(session, current, first_day, last_day, patient_ids):
        if mine(patient_id, day):
            signs = signs_on.get((patient_id, day), ()) if day == days[patient_id] else ()
            check_ins[patient_id].append(CheckInEntry(day, pain, signs))
    reports = defaultdict(list)
    for patient_id, day, signs in session.exec(joined(WarningSignReport, WarningSignReport.signs)):
        if mine(patient_id, day):
            reports[patient_id].append(SignReport(day, tuple(signs)))
    events = plan_events_of(session, current, PAUSE_KINDS)
    visits, not_now = quiet_inputs(session, current, last_day)
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
                completed_visits=tuple(visits.get(e.patient_id, ())),
                not_now=tuple(not_now.get(e.patient_id, ())),
            ),
            days[e.patient_id],
        )
        for e, _ in rows
    ]
    return inputs, failed


@dataclass
class _Episodes:
    """Every flag episode the cohort run may touch, by (patient, dedupe key): its statuses and the
    inputs of its unresolved flag (one query for everyone)."""

    statuses: dict[tuple[int, str], set[str]]
    open_inputs: dict[tuple[int, str], dict]


def _episodes(session: Session, patient_ids: Collection[int] | None = None) -> _Episodes:
    episodes = _Episodes(defaultdict(set), {})
    query = select(Flag.patient_id, Flag.dedupe_key, Flag.status, Flag.inputs).where(
        Flag.rule.not_in(tuple(SAVE_TIME_RULES))
    )
    if patient_ids is not None:
        query = query.where(Flag.patient_id.in_(tuple(patient_ids)))
    for patient_id, key, status, inputs in session.connection().execute(query):
        episodes.statuses[(patient_id, key)].add(status)
        if status != FlagStatus.RESOLVED:
            episodes.open_inputs[(patient_id, key)] = inputs
    return episodes


def _to_write(
    results: Sequence[RuleResult], patient_id: int, known: _Episodes, effective: EffectiveSettings
) -> list[FlagSpec]:
    """Flags to open (a new episode) or refresh (an unresolved one whose numbers changed); a
    resolved episode stays closed, and an unchanged one is left as it is. A flag keeps the
    settings version that fired it until its numbers change: a new version alone (say a longer
    Not now) does not rewrite the history of every open flag."""
    specs = []
    for r in results:
        if not r.fires or r.rule in SAVE_TIME_RULES:
            continue
        key = (patient_id, r.dedupe_key)
        spec = stamped(r.flag_spec(), effective)
        if key not in known.statuses or (
            key in known.open_inputs and numbers(known.open_inputs[key]) != numbers(spec.inputs)
        ):
            specs.append(spec)
    return specs


def _evaluate(
    inputs: Sequence[tuple[PatientRuleInput, date]],
    settings: dict[int, EffectiveSettings],
    known: _Episodes,
    failed: list[int],
) -> list[tuple[int, list[FlagSpec]]]:
    """Each patient's rules under their own settings: the flags to write, by patient."""
    writes = []
    for data, day in inputs:
        effective = settings.get(data.patient_id) or EffectiveSettings(DEFAULT_SETTINGS)
        try:
            results = evaluate_patient(data, effective.settings, day)
            specs = _to_write(results, data.patient_id, known, effective)
        except Exception as exc:  # one patient's bad data must not stop the run for the others
            report_failure(failed, data.patient_id, exc)
            continue
        if specs:
            writes.append((data.patient_id, specs))
    return writes


def plan_writes(
    session: Session,
    as_of: date | None,
    now: datetime,
    patient_ids: Collection[int] | None = None,
    *,
    screen: bool = True,
) -> tuple[list[tuple[int, list[FlagSpec]]], _Episodes, list[int], int]:
    """What a run writes, without writing: (the flags by patient, the episodes known before, the
    patients who failed, how many were checked).

    With ``screen`` (always, but for the test that compares both) only the patients the screen
    says may need a write are read in full and evaluated (program/rules/screen.py).
    """
    settings = settings_by_patient(session, patient_ids)
    known = _episodes(session, patient_ids)
    if screen:
        inputs, failed, checked = _screened(session, as_of, now, patient_ids, settings, known)
    else:
        inputs, failed = load_inputs(session, as_of, now, patient_ids)
        checked = len(inputs) + len(failed)
    for patient_id in failed:
        print(f"patient {patient_id} failed: unknown time zone", file=sys.stderr)
    return _evaluate(inputs, settings, known, failed), known, failed, checked


def _screened(
    session: Session,
    as_of: date | None,
    now: datetime,
    patient_ids: Collection[int] | None,
    settings: dict[int, EffectiveSettings],
    known: _Episodes,
) -> tuple[list[tuple[PatientRuleInput, date]], list[int], int]:
    """The full inputs of the patients whose flags may change, the patients who failed, and how
    many were checked."""
    found, failed = summaries(
        session, _current(session, patient_ids), as_of, now, settings, patient_ids
    )
    again = {p.patient_id for p in found if _may_write(p, settings, known)}
    checked = len(found) + len(failed)
    if not again:
        return [], failed, checked
    # Few: read only theirs, by index; many (a first run): read everyone's as one pass.
    inputs, _ = load_inputs(
        session, as_of, now, again if len(again) <= READ_ALL_AT else patient_ids
    )
    return [(data, day) for data, day in inputs if data.patient_id in again], failed, checked


def _may_write(p: Summary, settings: dict[int, EffectiveSettings], known: _Episodes) -> bool:
    """Whether a tunable rule fires for ``p`` with an episode that is new or whose numbers
    changed (what ``_to_write`` would write); True when the screen cannot tell."""
    effective = settings.get(p.patient_id) or EffectiveSettings(DEFAULT_SETTINGS)
    try:
        flags = fired(p, effective.settings)
    except Exception:  # the full evaluation fails this patient, and says why
        return True
    for key, inputs in flags:
        episode = (p.patient_id, key)
        if episode not in known.statuses:
            return True
        if episode in known.open_inputs and numbers(known.open_inputs[episode]) != inputs:
            return True
    return False


def run_all(
    as_of: date | None = None,
    *,
    now: datetime | None = None,
    chunk: int = CHUNK,
    patient_ids: Collection[int] | None = None,
) -> RunResult:
    """Evaluate every enrolled patient (or only ``patient_ids``) and open or refresh their flags;
    one failure stops no one.

    Writes go in transactions of ``chunk`` patients, each patient in a savepoint of its own.
    """
    now = now or utcnow()
    with read_session() as session:
        writes, known, failed, checked = plan_writes(session, as_of, now, patient_ids)
    opened = 0
    for first in range(0, len(writes), chunk):
        with write_session() as session:
            opened += write_flags(session, writes[first : first + chunk], known, failed, now)
    return RunResult(checked, opened, tuple(failed))


def run_for_patient(patient_id: int, *, now: datetime | None = None) -> RunResult:
    """This one patient's rules at the end of their today, with the cohort run's own loader and
    writes (db.rule_runs calls it after a check-in or questionnaire is committed)."""
    return run_all(now=now, patient_ids=(patient_id,))


def run_in(
    session: Session,
    *,
    now: datetime,
    as_of: date | None = None,
    patient_ids: Collection[int] | None = None,
) -> RunResult:
    """The same run inside the caller's transaction (the demo seed, before it commits)."""
    session.flush()
    writes, known, failed, checked = plan_writes(session, as_of, now, patient_ids)
    opened = write_flags(session, writes, known, failed, now)
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
    if args.as_of is None:  # today's run counts as this hour's: the app's hourly run waits for it
        claim(Job.RULES, holder=holder_name(), seconds=ALERT_DEFAULTS.cohort_run_every_seconds)
    result = run_all(args.as_of)
    print(f"checked={result.checked} opened={result.opened}")
    return 1 if result.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
