"""The synthetic cohort (python -m db.seed --cohort N --days D): what it writes, that a seed gives
the same cohort, that flags come through the rules, and that it never mixes with other data."""

from datetime import date

import pytest
from sqlmodel import func, select

from core.clock import local_today
from db.engine import read_session
from db.models import CheckIn, Flag, FlagEvent, Patient, QuestionnaireResponse, User
from db.queries import panel_for_staff
from db.rules import run_all
from db.seed import main
from db.seed_cohort import TIMEZONES, CohortRefused, seed_cohort
from program.cohort import synthetic_patient
from program.rules import SAVE_TIME_RULES
from tests.conftest import FROZEN_NOW
from tests.utils import actor_for, make_user

SEED = 5


def count(model) -> int:
    with read_session() as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def cohort(db, frozen):
    return seed_cohort(patients=24, days=70, seed=SEED, panels=(12, 6), now=FROZEN_NOW)


def test_it_writes_what_it_reports_on_panels_of_the_sizes_asked(cohort):
    assert (count(Patient), count(CheckIn), count(QuestionnaireResponse)) == (
        24,
        cohort.check_ins,
        cohort.questionnaires,
    )
    assert cohort.check_ins > 24 * 70 * 0.5
    assert cohort.panels == {
        "cohort-coord-1": 12,
        "cohort-coord-2": 6,
        "cohort-coord-3": 6,
        "cohort-lead": 24,
    }
    for username, size in cohort.panels.items():
        assert len(panel_for_staff(actor=actor_for(username))) == size


def test_it_writes_the_patients_the_seed_describes(cohort):
    today = {tz: local_today(tz, FROZEN_NOW) for tz, _ in TIMEZONES}
    with read_session() as session:
        patient = session.exec(select(Patient).where(Patient.record_number == "SYN-000008")).one()
        rows = session.exec(
            select(CheckIn.local_date, CheckIn.pain, CheckIn.mood)
            .where(CheckIn.patient_id == patient.id)
            .order_by(CheckIn.local_date)
        ).all()
    story = synthetic_patient(SEED, 7, today=today, days=70)
    assert (patient.given_name, patient.timezone) == (story.given_name, story.timezone)
    assert [tuple(r) for r in rows] == [(c.local_date, c.pain, c.mood) for c in story.check_ins]


def test_it_opens_flags_through_the_rules_and_a_second_rules_run_opens_none(cohort):
    with read_session() as session:
        by_rules = session.exec(
            select(func.count())
            .select_from(Flag)
            .join(FlagEvent, FlagEvent.flag_id == Flag.id)
            .where(Flag.rule.not_in(tuple(SAVE_TIME_RULES)), FlagEvent.kind == "opened")
        ).one()
    assert cohort.rules_opened > 0 and by_rules >= cohort.rules_opened
    assert run_all(now=FROZEN_NOW).opened == 0


def test_it_refuses_a_second_run_and_a_database_that_holds_anything(cohort):
    with pytest.raises(CohortRefused, match="already holds patients"):
        seed_cohort(patients=3, days=5, now=FROZEN_NOW)
    assert main(["--cohort", "3", "--days", "5"]) == 1
    assert count(Patient) == 24


def test_it_refuses_a_database_with_users_in_it(db, frozen):
    make_user("someone", ["admin"])
    with pytest.raises(CohortRefused, match="already holds users"):
        seed_cohort(patients=3, days=5, now=FROZEN_NOW)
    assert count(Patient) == 0 and count(User) == 1


def test_it_exits_2_on_bad_arguments(db):
    with pytest.raises(SystemExit) as stop:
        main(["--cohort", "many"])
    assert stop.value.code == 2
    assert main(["--cohort", "10", "--days", "5", "--panels", "8,8"]) == 2
    assert count(Patient) == 0


def test_it_starts_everyone_days_before_their_own_today(cohort):
    with read_session() as session:
        rows = session.exec(
            select(Patient.timezone, func.min(CheckIn.local_date))
            .join(CheckIn)
            .group_by(Patient.id, Patient.timezone)
        ).all()
    for tz, first in rows:
        assert (local_today(tz, FROZEN_NOW) - first).days <= 69
    assert all(isinstance(first, date) for _, first in rows)
