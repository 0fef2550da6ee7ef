"""The panel's one SQL statement: a row per patient with everything the panel shows.

This is the statement for PostgreSQL; SQLite gets the same columns from correlated subqueries
(``panel_sql_sqlite``), the plan its planner runs well. ``statement_for`` picks.

Set-based, and fast at 10,000 patients with 180 days of check-ins each: no query per patient, and
nothing reads all the check-ins ever made. The last check-in, the PEG at both ends and the recent
days' pain come from each patient's PatientSummary row (db/panel_summary.py keeps it current);
the 7-day mean pain and the adherence window's check-ins are worked out from that strip of days
when the panel is read (program.panel_summary). Lessons and questionnaires of the adherence
window come from one range read of the last three weeks (indexes led by ``local_date``),
aggregated per patient; the baseline week's check-ins are one short index read per patient.

Windows follow each patient's own local date: ``local_day`` turns the time zone into the date it
is there (a CASE over the few zones patients live in, the dates worked out in Python), so no value
goes stale at midnight. Day arithmetic on stored dates (``day_number``) is compiled for each
engine: SQLite's julianday, PostgreSQL's date subtraction; differences of day numbers agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import Date, Integer, String, and_, case, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlmodel import select

from db.models import CheckIn, Enrolment, Flag, ModuleCompletion, ModuleVersion, Patient
from db.models import PatientSummary as Summary
from program.defaults import DEFAULTS
from program.vocabulary import (
    CURRENT_ENROLMENT_STATUSES,
    OPEN_FLAG_STATUSES,
    SEVERITY_ORDER,
)

SEVERITY_COLUMNS = [s.value for s in SEVERITY_ORDER]
# A lesson or a program week due in the adherence window opened at most this many days before
# it (the first day of its week; unlocking earlier makes the plan one db.queries.panel counts
# exactly, patient by patient).
OPENS_BEFORE_DUE = 6


def _not_indexed(column: ColumnElement) -> ColumnElement:
    """``column`` as an expression no index answers (``x || ''`` for text, ``x + 0`` for numbers):
    SQLite plans without statistics (nobody runs ANALYZE on a clinic's file) and would otherwise
    read a three-week window through the low-selectivity instrument or patient index instead of
    the date-led one."""
    if isinstance(column.type, Integer):
        return column + 0
    return column.concat(literal("", String))


class day_number(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """A date as a whole number of days (only differences between two of them mean anything)."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element, compiler, **kw):
    return f"(({compiler.process(element.clauses, **kw)}) - DATE '2000-01-01')"


def later(a: ColumnElement, b: ColumnElement) -> ColumnElement:
    """The later of two dates (b when a is NULL)."""
    return case((a > b, a), else_=b)


def local_day(todays: Mapping[str, date], back: int = 0) -> ColumnElement:
    """The patient's local date (``back`` days earlier), from the dates of their time zones."""
    whens = {tz: literal(day - timedelta(days=back), Date) for tz, day in todays.items()}
    return case(whens, value=Patient.timezone, else_=literal(None, Date))


def flag_counts(where_visible: ColumnElement):
    """Open flags by severity, per visible patient (one grouped read).

    Limited to the visible patients unless everyone is (clinic-wide staff): SQLite materializes
    this subquery and indexes it for the join, so a coordinator with 1,000 of a clinic's 20,000
    patients paid for every flag in the clinic (52 ms of the statement, 22 ms with the filter);
    for clinic-wide staff the filter would only add the lookups (124 ms to 171 ms at 10,000)."""
    everyone = where_visible.compare(Patient.id.is_not(None))
    mine = () if everyone else (Flag.patient_id.in_(select(Patient.id).where(where_visible)),)
    return (
        select(
            Flag.patient_id,
            *[func.sum(case((Flag.severity == s, 1), else_=0)).label(s) for s in SEVERITY_COLUMNS],
        )
        .where(Flag.status.in_(OPEN_FLAG_STATUSES), *mine)
        .group_by(Flag.patient_id)
        .subquery("flags")
    )


def summary_columns() -> list[ColumnElement]:
    """What the panel takes from each patient's PatientSummary as it is: the PEG at the program's
    two ends, and the recent pain strip with its last day (program.panel works out the 7-day
    mean and the check-ins of the adherence window from these, for the patient's date)."""
    return [
        Summary.last_check_in.label("recent_until"),
        Summary.recent_pain,
        Summary.peg_baseline,
        Summary.peg_baseline_week,
        Summary.peg_latest,
        Summary.peg_latest_week,
        Summary.answered_week,
        Summary.answered,
    ]


def last_check_in(kept: ColumnElement, patient_id: ColumnElement, today: ColumnElement):
    """The last check-in on or before the patient's today: the summary's, unless a check-in is
    dated after today (a patient who moved west); then one index read finds it."""
    on_or_before = (
        select(func.max(CheckIn.local_date))
        .where(CheckIn.patient_id == patient_id, CheckIn.local_date <= today)
        .scalar_subquery()
    )
    return case((kept.is_(None), None), (kept <= today, kept), else_=on_or_before)


def first_check_ins(enrolment_ids: list[int], todays: Mapping[str, date]):
    """(patient id, first check-in from the enrolment's start to the patient's today) for these
    enrolments: the panel asks only for those whose baseline week has no mean (a few), where
    Progress compares with the first 7 days from the first check-in instead."""
    since = func.coalesce(Enrolment.start_date, literal(date.min, Date))
    first = (
        select(func.min(CheckIn.local_date))
        .where(
            CheckIn.patient_id == Enrolment.patient_id,
            CheckIn.local_date.between(since, local_day(todays)),
        )
        .scalar_subquery()
    )
    return (
        select(Enrolment.patient_id, first)
        .join(Patient, Patient.id == Enrolment.patient_id)
        .where(Enrolment.id.in_(enrolment_ids))
    )


def panel_statement(
    where_visible: ColumnElement, todays: Mapping[str, date], offsets: Mapping[int, int]
):
    """One row per visible patient (see the column labels); ``offsets``: each lesson's module id
    -> its due day in program days from week 1's first day (program.adherence.lesson_offsets)."""
    span = DEFAULTS.adherence_window_days
    # The days any patient's windows can reach: the recent rows every aggregate below reads.
    earliest = min(todays.values(), default=date.today()) - timedelta(days=span + OPENS_BEFORE_DUE)
    latest = max(todays.values(), default=date.today())

    current = (
        select(Enrolment.patient_id, func.max(Enrolment.id).label("enrolment_id"))
        .where(Enrolment.status.in_(CURRENT_ENROLMENT_STATUSES))
        .group_by(Enrolment.patient_id)
        .subquery("current")
    )
    people = (
        select(
            Patient.id,
            Patient.given_name,
            Patient.family_name,
            Patient.record_number,
            Patient.timezone,
            Enrolment.id.label("enrolment_id"),
            Enrolment.program_id,
            Enrolment.start_date,
            Enrolment.week1_start,
            Enrolment.status,
            local_day(todays).label("today"),
            local_day(todays, span).label("window_first"),
            local_day(todays, 1).label("window_last"),
            local_day(todays, span + OPENS_BEFORE_DUE).label("opened_first"),
        )
        .select_from(Patient)
        .outerjoin(current, current.c.patient_id == Patient.id)
        .outerjoin(Enrolment, Enrolment.id == current.c.enrolment_id)
        .where(where_visible)
        .cte("people")
    )
    p = people.c
    baseline_week = (
        select(
            CheckIn.patient_id,
            func.count().label("days"),
            func.avg(CheckIn.pain).label("mean"),
        )
        .join(
            people,
            and_(
                p.id == CheckIn.patient_id,
                p.start_date < p.week1_start,
                CheckIn.local_date.between(p.start_date, p.week1_start),
            ),
        )
        .group_by(CheckIn.patient_id)
        .subquery("baseline_week")
    )
    # Program days (0 = week 1's first day) at the adherence window's ends.
    day_a = day_number(p.window_first) - day_number(p.week1_start)
    day_b = day_number(p.window_last) - day_number(p.week1_start)
    offset = (
        case(dict(offsets), value=ModuleVersion.module_id, else_=-1) if offsets else literal(-1)
    )
    lessons = (
        select(
            ModuleCompletion.patient_id,
            func.count(func.distinct(ModuleVersion.module_id)).label("done"),
        )
        .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
        .join(people, p.id == _not_indexed(ModuleCompletion.patient_id))
        .where(
            ModuleCompletion.local_date.between(earliest, latest),
            ModuleCompletion.local_date.between(p.opened_first, p.window_last),
            offset.between(day_a, day_b),
        )
        .group_by(ModuleCompletion.patient_id)
        .subquery("lessons")
    )
    flags = flag_counts(where_visible)
    baseline_mean = case(
        (baseline_week.c.days >= DEFAULTS.pain_min_days, baseline_week.c.mean), else_=None
    )
    return (
        select(
            p.id.label("patient_id"),
            p.given_name,
            p.family_name,
            p.record_number,
            p.timezone,
            p.enrolment_id,
            p.program_id,
            p.start_date,
            p.week1_start,
            p.status,
            last_check_in(Summary.last_check_in, p.id, p.today).label("last_check_in"),
            *summary_columns(),
            baseline_mean.label("pain_baseline_week"),
            lessons.c.done.label("lessons_done"),
            *[flags.c[s] for s in SEVERITY_COLUMNS],
        )
        .select_from(people)
        .outerjoin(Summary, Summary.patient_id == p.id)
        .outerjoin(baseline_week, baseline_week.c.patient_id == p.id)
        .outerjoin(lessons, lessons.c.patient_id == p.id)
        .outerjoin(flags, flags.c.patient_id == p.id)
    )


def statement_for(
    where_visible: ColumnElement,
    todays: Mapping[str, date],
    offsets: Mapping[int, int],
):
    """The panel's statement: the correlated one (db/queries/panel_sql_sqlite.py) on both
    engines. PostgreSQL used to get ``panel_statement`` (set-based); with statistics on its tables
    (db.transfer now runs ANALYZE, as autovacuum does in time) the correlated one is faster there
    too: on the 20,000 x 180 cohort, 52 -> 21 ms (1,000-patient panel), 292 -> 175 (10,000),
    442 -> 320 (20,000), driver time, two runs each. ``panel_statement`` stays as the bench's
    "other plan" column, measured beside it on every ``make bench``."""
    from db.queries.panel_sql_sqlite import panel_statement_sqlite

    return panel_statement_sqlite(where_visible, todays, offsets)
