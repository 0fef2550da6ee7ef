"""The best hand-written SQL (bench/panel_best_sql.py) returns the panel's own rows.

``make bench`` holds the panel page to 1.5x of this statement: the figure means something only if
the statement computes the same rows, column by column, on both engines.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from bench.panel_best_check import compare, differences, run_best_sql
from core.clock import utcnow
from db.engine import write_session
from db.models import Enrolment, ModuleVersion, PlanEvent, User
from db.queries import panel_for_staff
from db.seed_cohort import seed_cohort
from tests.conftest import FROZEN_NOW
from tests.utils import actor_for

pytestmark = pytest.mark.engines("sqlite", "postgresql")


@pytest.fixture
def cohort(db, frozen):
    seed_cohort(patients=60, days=40, seed=5, panels=(20,), now=FROZEN_NOW)
    with write_session() as session:  # three irregular plans: a lesson held, one skipped
        lead = session.exec(select(User).where(User.username == "cohort-lead")).one()
        module = session.exec(
            select(ModuleVersion.module_id).where(ModuleVersion.week == 1)
        ).first()
        current = select(Enrolment).where(Enrolment.status == "active").limit(3)
        for n, enrolment in enumerate(session.exec(current)):
            session.add(
                PlanEvent(
                    enrolment_id=enrolment.id,
                    kind="hold" if n else "skip",
                    module_id=module,
                    effective_date=enrolment.start_date,
                    reason="Test.",
                    actor_id=lead.id,
                )
            )
    return db


@pytest.mark.parametrize("username", ["cohort-lead", "cohort-coord-1"])
def test_it_returns_the_panels_rows_for_every_plain_plan(cohort, username):
    result = compare(cohort, username, repeats=1)
    assert result["rows"] == len(panel_for_staff(actor=actor_for(username)))
    assert result["rows"] > 0
    # Only irregular plans may differ (the docstring says why), and they are counted.
    assert result["differing_rows"] == result["irregular_differing"], result["differences"]
    if username == "cohort-lead":
        assert result["irregular_plans"] == 3
    if result["differing_rows"] == 0:
        assert result["rows_equal"] is True


def test_it_reports_a_column_the_sql_gets_wrong(cohort):
    actor = actor_for("cohort-lead")
    names, rows, _ = run_best_sql(actor, utcnow(), repeats=1)
    frame = panel_for_staff(actor=actor)
    regular = next(r for r in rows if not r[names.index("irregular")] and r[names.index("week")])
    frame.loc[frame["patient_id"] == regular[0], "week"] += 1  # one cell off by one
    notes, differing, irregular = differences(names, rows, frame)
    assert differing - irregular == 1
    assert any(f"patient {regular[0]}: week" in note for note in notes)
