"""The panel's rows fetched from the driver's cursor are the rows SQLAlchemy would have given."""

from datetime import date

import pandas as pd
from sqlalchemy import func
from sqlmodel import select

from db.engine import read_session
from db.models import CheckIn, Enrolment, Patient
from db.raw_frame import raw_frame
from tests.utils import add_pains, make_patient


def test_it_returns_the_same_values_as_sqlalchemy_with_dates_as_dates(db):
    ana = make_patient("Ana", start=date(2026, 3, 1))
    make_patient("Ben")  # not enrolled: no dates, no mean
    add_pains(ana.id, {date(2026, 3, 2): 4, date(2026, 3, 3): 7})
    mean = (
        select(func.avg(CheckIn.pain))
        .where(CheckIn.patient_id == Patient.id)
        .correlate(Patient)
        .scalar_subquery()
    )
    statement = (
        select(
            Patient.id.label("patient_id"),
            Patient.given_name,
            Enrolment.start_date,
            mean.label("mean_pain"),
        )
        .select_from(Patient)
        .outerjoin(Enrolment, Enrolment.patient_id == Patient.id)
        .order_by(Patient.id)
    )
    with read_session() as session:
        conn = session.connection()
        result = conn.execute(statement)
        expected = pd.DataFrame([tuple(r) for r in result.all()], columns=list(result.keys()))
        frame = raw_frame(conn, statement)

    pd.testing.assert_frame_equal(frame, expected)
    assert frame["start_date"].tolist() == [date(2026, 3, 1), None]
    assert float(frame["mean_pain"].iloc[0]) == 5.5
    assert frame["given_name"].tolist() == ["Ana", "Ben"]


def test_it_gives_the_selected_columns_when_no_row_matches(db):
    statement = select(Patient.id.label("patient_id"), Patient.given_name).where(Patient.id < 0)
    with read_session() as session:
        frame = raw_frame(session.connection(), statement)
    assert frame.empty and list(frame.columns) == ["patient_id", "given_name"]
