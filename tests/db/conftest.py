"""Fixtures shared by store tests: a care team with an open flag, and people in every role."""

from datetime import date

import pytest
from sqlmodel import select

from db.actions import record_check_in
from db.engine import read_session
from db.models import Flag
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user


@pytest.fixture
def care_team(db, frozen) -> Flag:
    """Ana's team and two outsiders; Ana reported a warning sign, so one flag is open."""
    coord = make_user("coord", ["coordinator"])
    clin = make_user("clin", ["clinician"])
    make_user("outsider-coord", ["coordinator"])
    make_user("outsider-clin", ["clinician"])
    make_user("admin", ["admin"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=coord, clinician=clin)
    make_patient("Ben", username="ben", start=date(2026, 3, 2))
    record_check_in(
        actor=actor_for("ana"), anything_new=True, warning_signs=["calf"], **CHECK_IN_ANSWERS
    )
    with read_session() as session:
        flag = session.exec(select(Flag)).one()
    return flag


@pytest.fixture
def people(db, frozen):
    """Every role plus outsiders: Ana's team (nurse, doc), Ben's team (other), clinic-wide, admin."""
    nurse = make_user("nurse", ["coordinator"])
    doc = make_user("doc", ["clinician"])
    other = make_user("other", ["coordinator"])
    make_user("wide", ["coordinator"], clinic_wide=True)
    make_user("boss", ["admin"])
    make_patient("Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse, clinician=doc)
    make_patient("Ben", username="ben", start=date(2026, 3, 2), coordinator=other)
    return frozen
