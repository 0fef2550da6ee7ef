"""The panel's statement for SQLite: the same columns as ``panel_sql.panel_statement``, each
patient's values as correlated subqueries.

SQLite runs in the app's own process: a correlated subquery that an index answers is a B-tree seek
of a few microseconds, and its planner (without statistics: nobody runs ANALYZE on a clinic's
file) picks these every time, where it reads the set-based statement's three-week windows through
the wrong indexes. PostgreSQL runs it faster too once its tables have statistics (measured on
the 20,000-patient cohort after ``db.transfer``'s ANALYZE: panel_sql.statement_for), so both
engines get it; tests/db/test_panel_numbers.py checks it against one pandas computation on both.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import and_, case, func, literal
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import ColumnElement
from sqlmodel import select

from db.models import CheckIn, Enrolment, ModuleCompletion, ModuleVersion, Patient
from db.models import PatientSummary as Summary
from db.queries.panel_sql import (
    OPENS_BEFORE_DUE,
    SEVERITY_COLUMNS,
    day_number,
    flag_counts,
    last_check_in,
    local_day,
    summary_columns,
)
from program.defaults import DEFAULTS
from program.vocabulary import CURRENT_ENROLMENT_STATUSES


def _mean_pain(first: ColumnElement, last: ColumnElement) -> ColumnElement:
    """Mean daily pain in [first, last], or NULL with fewer check-ins than a mean needs."""
    return (
        select(case((func.count() >= DEFAULTS.pain_min_days, func.avg(CheckIn.pain)), else_=None))
        .where(CheckIn.patient_id == Patient.id, CheckIn.local_date.between(first, last))
        .scalar_subquery()
    )


def panel_statement_sqlite(
    where_visible: ColumnElement, todays: Mapping[str, date], offsets: Mapping[int, int]
):
    """One row per visible patient, labelled as ``panel_sql.panel_statement``'s."""
    span = DEFAULTS.adherence_window_days
    today = local_day(todays)
    window_first, window_last = local_day(todays, span), local_day(todays, 1)
    opened_first = local_day(todays, span + OPENS_BEFORE_DUE)
    newest = aliased(Enrolment)
    current = (
        select(func.max(newest.id))
        .where(newest.patient_id == Patient.id, newest.status.in_(CURRENT_ENROLMENT_STATUSES))
        .scalar_subquery()
    )
    baseline_mean = case(
        (
            and_(Enrolment.week1_start.is_not(None), Enrolment.start_date < Enrolment.week1_start),
            _mean_pain(Enrolment.start_date, Enrolment.week1_start),
        ),
        else_=None,
    )
    day_a = day_number(window_first) - day_number(Enrolment.week1_start)
    day_b = day_number(window_last) - day_number(Enrolment.week1_start)
    offset = (
        case(dict(offsets), value=ModuleVersion.module_id, else_=-1) if offsets else literal(-1)
    )
    lessons_done = (
        select(func.count(func.distinct(ModuleVersion.module_id)))
        .select_from(ModuleCompletion)
        .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
        .where(
            ModuleCompletion.patient_id == Patient.id,
            ModuleCompletion.local_date.between(opened_first, window_last),
            offset.between(day_a, day_b),
        )
        .scalar_subquery()
    )
    flags = flag_counts(where_visible)
    return (
        select(
            Patient.id.label("patient_id"),
            Patient.given_name,
            Patient.family_name,
            Patient.record_number,
            Patient.timezone,
            Enrolment.id.label("enrolment_id"),
            Enrolment.program_id,
            Enrolment.start_date,
            Enrolment.week1_start,
            Enrolment.status,
            last_check_in(Summary.last_check_in, Patient.id, today).label("last_check_in"),
            *summary_columns(),
            baseline_mean.label("pain_baseline_week"),
            lessons_done.label("lessons_done"),
            *[flags.c[s] for s in SEVERITY_COLUMNS],
        )
        .select_from(Patient)
        .outerjoin(Enrolment, Enrolment.id == current)
        .outerjoin(Summary, Summary.patient_id == Patient.id)
        .outerjoin(flags, flags.c.patient_id == Patient.id)
        .where(where_visible)
    )
