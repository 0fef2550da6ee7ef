"""What the cohort run (db.rules) reads beside the questionnaires: the check-ins the rules use and
the quiet periods' inputs, each in one or two queries for any number of patients."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from sqlalchemy import String, func, literal, or_, union_all
from sqlmodel import Session, select

from db.follow_up_lookups import by_patient, completed_visits_select, not_now_select
from db.models import CheckIn, Enrolment, NotNowAnswer, Visit
from program.rules.tuning import BY_NAME


def only(query, column, patient_ids: Collection[int] | None):
    """``query`` kept to ``patient_ids`` by ``column`` itself, when given: the join on the current
    enrolments keeps the rows right, but only a condition on the table's own column lets the
    engine read one patient's rows by index rather than everyone's (372 ms a save at 10,000
    patients on SQLite)."""
    return query if patient_ids is None else query.where(column.in_(tuple(patient_ids)))


def check_in_rows(
    session: Session,
    current,
    first_day: date,
    last_day: date,
    patient_ids: Collection[int] | None,
) -> list[tuple[int, date, int]]:
    """The check-ins the rules read, not every one ever made (180 days x 10,000 patients is
    1.8 M rows): the baseline week's (the worsening rule's baseline mean), the last daily-pain
    window's (the widest any settings can give), and each patient's newest (low adherence:
    days since the last check-in), in two queries. (patient id, day, pain), each row once."""
    # The widest window a clinician can set (program.rules.tuning refuses more), so no query for
    # everyone's settings is needed here.
    widest = int(BY_NAME["pain_window_days"].high)
    since = first_day - timedelta(days=widest)
    rows = session.exec(
        only(
            select(CheckIn.patient_id, CheckIn.local_date, CheckIn.pain),
            CheckIn.patient_id,
            patient_ids,
        )
        .join(current, current.c.patient_id == CheckIn.patient_id)
        .join(Enrolment, Enrolment.id == current.c.enrolment_id)
        .where(
            CheckIn.local_date <= last_day,
            or_(
                CheckIn.local_date >= since,
                Enrolment.week1_start.is_(None),
                CheckIn.local_date <= Enrolment.week1_start,
            ),
        )
    ).all()
    newest = (
        only(
            select(CheckIn.patient_id, func.max(CheckIn.local_date).label("day")),
            CheckIn.patient_id,
            patient_ids,
        )
        .join(current, current.c.patient_id == CheckIn.patient_id)
        .where(CheckIn.local_date <= last_day)
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    seen = {(p, day) for p, day, _ in rows}
    last_rows = session.exec(
        select(CheckIn.patient_id, CheckIn.local_date, CheckIn.pain).join(
            newest,
            (newest.c.patient_id == CheckIn.patient_id) & (newest.c.day == CheckIn.local_date),
        )
    )
    return rows + [(p, day, pain) for p, day, pain in last_rows if (p, day) not in seen]


def quiet_inputs(session: Session, current, last_day: date) -> tuple[dict, dict]:
    """Everyone's completed visit days and "Not now" answers, the quiet periods' inputs, in one
    query (a visit row has no rule). The rules ignore what is dated after each patient's day."""
    visits = (
        completed_visits_select()
        .add_columns(literal(None, String).label("rule"))
        .join(current, current.c.patient_id == Visit.patient_id)
        .where(Visit.local_date <= last_day)
    )
    answers = (
        not_now_select()
        .join(current, current.c.patient_id == NotNowAnswer.patient_id)
        .where(NotNowAnswer.said_on <= last_day)
    )
    rows = session.execute(union_all(visits, answers)).all()
    visit_days = by_patient((p, day) for p, day, rule in rows if rule is None)
    not_now = by_patient((p, rule, day) for p, day, rule in rows if rule is not None)
    return visit_days, not_now
