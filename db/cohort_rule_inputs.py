"""What the cohort run's screen reads (program/rules/screen.py): a few numbers per patient, summed
and picked by the database, instead of every answer and check-in as Python objects.

For each local day the cohort is evaluated at (one with ``--as-of``; otherwise each time zone's
today, so one to three days), one query each: every current enrolment; the PEG totals (program
week order, so the latest of each week comes last); the latest PHQ-9 and GAD-7; the newest check-in
(an index seek per patient); the baseline week's count and sum of pain; and the same for each pain
window the patients' settings ask for. Plan events and the quiet periods' inputs come from the
loaders the full evaluation uses (db.lookups, db.rule_inputs). Everything is kept, in SQL, to what
the rules would read: recorded on or after the enrolment's start and on or before the day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlmodel import Session

from core.clock import local_today
from db.lookups import PAUSE_KINDS, plan_events_of
from db.models import CheckIn, Enrolment, Patient
from db.models import QuestionnaireResponse as Response
from db.rule_inputs import only, quiet_inputs
from program.rules.screen import Summary
from program.rules.tuning import DEFAULT_SETTINGS, EffectiveSettings
from program.vocabulary import QuestionnaireCode

MOOD_CODES = (QuestionnaireCode.PHQ9, QuestionnaireCode.GAD7)


def _days_by_zone(
    zones: Collection[str], as_of: date | None, now: datetime
) -> tuple[dict[str, date], set[str]]:
    """Each time zone's day (``as_of`` for all when given), and the zones the clock does not know."""
    days, unknown = {}, set()
    for zone in zones:
        try:
            days[zone] = as_of or local_today(zone, now)
        except Exception:  # a time zone the clock does not know: its patients fail, not the run
            unknown.add(zone)
    return days, unknown


def summaries(
    session: Session,
    current,
    as_of: date | None,
    now: datetime,
    settings: dict[int, EffectiveSettings],
    patient_ids: Collection[int] | None = None,
) -> tuple[list[Summary], list[int]]:
    """Every current enrolment's Summary (or only ``patient_ids``'), and the patients whose day
    could not be worked out. ``current`` is db.rules' subquery of the current enrolments."""
    conn = session.connection()
    rows = conn.execute(
        select(
            Enrolment.patient_id,
            Enrolment.id,
            Enrolment.start_date,
            Enrolment.week1_start,
            Patient.timezone,
        )
        .join(current, current.c.enrolment_id == Enrolment.id)
        .join(Patient, Patient.id == Enrolment.patient_id)
    ).all()
    days, unknown = _days_by_zone({row[4] for row in rows}, as_of, now)
    failed = [row[0] for row in rows if row[4] in unknown]
    rows = [row for row in rows if row[4] not in unknown]
    if not rows:
        return [], failed
    by_day: dict[date, set[str]] = defaultdict(set)
    for zone, day in days.items():
        by_day[day].add(zone)
    one_day = len(by_day) == 1 and not unknown
    found: dict[int, Summary] = {}
    for day, zones in by_day.items():
        group = [row for row in rows if row[4] in zones]
        windows = {
            (settings.get(row[0]) or EffectiveSettings(DEFAULT_SETTINGS)).settings.pain_window_days
            for row in group
        }
        for patient_id, enrolment_id, start, week1, _ in group:
            found[patient_id] = Summary(patient_id, enrolment_id, start, week1, day)
        cohort = _cohort(current, None if one_day else zones)
        _read_day(session, cohort, day, windows, found, patient_ids)
    events = plan_events_of(session, current, PAUSE_KINDS)
    visits, not_now = quiet_inputs(session, current, max(days.values()))
    for p in found.values():
        p.plan_events = tuple(events.get(p.enrolment_id, ()))
        p.completed_visits = tuple(visits.get(p.patient_id, ()))
        p.not_now = tuple(not_now.get(p.patient_id, ()))
    return list(found.values()), failed


def _cohort(current, zones: Collection[str] | None):
    """The current enrolments (of patients in ``zones`` when given): patient, start, week 1."""
    query = select(Enrolment.patient_id, Enrolment.start_date, Enrolment.week1_start).join(
        current, current.c.enrolment_id == Enrolment.id
    )
    if zones is not None:
        query = query.join(Patient, Patient.id == Enrolment.patient_id).where(
            Patient.timezone.in_(tuple(zones))
        )
    return query.subquery()


def _plain(conn, statement) -> list[tuple]:
    """Rows of plain numbers straight from the driver's cursor: a statement whose columns need no
    result processing (ids, counts, sums, PEG totals) skips SQLAlchemy's Row per row (~260,000
    weekly PEG rows at 10,000 patients x 180 days)."""
    result = conn.execute(statement)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _read_day(
    session: Session,
    cohort,
    day: date,
    windows: set[int],
    found: dict[int, Summary],
    patient_ids: Collection[int] | None,
) -> None:
    """Fill in the summaries of ``cohort``'s patients, evaluated on ``day``."""
    conn = session.connection()

    def mine(model, *columns):  # the patients' own rows, recorded in the enrolment, not later
        return only(
            select(*columns)
            .join(cohort, cohort.c.patient_id == model.patient_id)
            .where(model.local_date <= day, model.local_date >= cohort.c.start_date),
            model.patient_id,
            patient_ids,
        )

    pegs = mine(Response, Response.patient_id, Response.program_week, Response.total).where(
        Response.instrument == QuestionnaireCode.PEG
    )
    # Of two answers for one week the later day counts, and of one day the later saved.
    order = (Response.patient_id, Response.program_week, Response.local_date, Response.id)
    whose, weekly = None, {}
    for patient_id, week, total in _plain(conn, pegs.order_by(*order)):
        if patient_id != whose:  # rows come patient by patient
            whose, weekly = patient_id, found[patient_id].weekly_pegs
        weekly[week] = total

    newest = (
        mine(Response, Response.patient_id, Response.instrument, func.max(Response.local_date))
        .where(Response.instrument.in_(MOOD_CODES))
        .group_by(Response.patient_id, Response.instrument)
        .subquery()
    )
    moods = select(
        Response.patient_id,
        Response.instrument,
        Response.local_date,
        Response.total,
        Response.program_week,
    ).join(
        newest,
        and_(
            newest.c[0] == Response.patient_id,
            newest.c[1] == Response.instrument,
            newest.c[2] == Response.local_date,
        ),
    )
    # Of two answers of the latest day the first saved counts, as max() picks it in the rules.
    for patient_id, code, taken_on, total, week in conn.execute(
        moods.order_by(Response.id.desc())
    ).all():
        found[patient_id].moods[code] = (taken_on, total, week)

    last = (
        select(CheckIn.local_date)
        .where(
            CheckIn.patient_id == cohort.c.patient_id,
            CheckIn.local_date <= day,
            CheckIn.local_date >= cohort.c.start_date,
        )
        .order_by(CheckIn.local_date.desc())
        .limit(1)
        .scalar_subquery()
    )
    ids = () if patient_ids is None else tuple(patient_ids)
    newest_check_ins = select(cohort.c.patient_id, last)
    if patient_ids is not None:
        newest_check_ins = newest_check_ins.where(cohort.c.patient_id.in_(ids))
    for patient_id, check_in_day in conn.execute(newest_check_ins).all():
        found[patient_id].last_check_in = check_in_day

    def pain(*conditions):  # (patient, how many check-ins, their pain's sum)
        query = mine(CheckIn, CheckIn.patient_id, func.count(), func.sum(CheckIn.pain))
        return _plain(conn, query.where(*conditions).group_by(CheckIn.patient_id))

    for patient_id, count, total in pain(CheckIn.local_date <= cohort.c.week1_start):
        found[patient_id].baseline_pain = (count, total)
    for window in sorted(windows):
        first = day - timedelta(days=window - 1)
        rows = pain(CheckIn.local_date >= first, CheckIn.local_date > cohort.c.week1_start)
        for patient_id, count, total in rows:
            found[patient_id].pain_windows[window] = (count, total)
