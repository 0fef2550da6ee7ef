"""A time zone is one of the IANA names wherever it is accepted: a 300-character one is refused
with a clear message and nothing is saved (it used to raise OSError: File name too long)."""

from datetime import date

import pytest
from sqlmodel import func, select

from db.actions import InvalidInput, register_patient
from db.engine import read_session
from db.models import Patient
from tests.utils import actor_for, make_user

LONG = "America/" + "x" * 292


@pytest.fixture
def admin(db, frozen):
    make_user("boss", ["admin"])
    return actor_for("boss")


def patients() -> int:
    with read_session() as session:
        return session.exec(select(func.count()).select_from(Patient)).one()


def test_it_refuses_a_300_character_time_zone_for_a_patient_and_saves_nothing(admin):
    before = patients()
    with pytest.raises(InvalidInput, match="Unknown time zone") as refused:
        register_patient(
            actor=admin,
            given_name="Nia",
            family_name="Brown",
            date_of_birth=date(1979, 4, 2),
            record_number="R-300",
            timezone=LONG,
        )
    assert len(str(refused.value)) < 200  # the message stays readable
    assert patients() == before
