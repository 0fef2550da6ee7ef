from sqlmodel import func, select

from db.engine import read_session
from db.models import CareTeamMember, CheckIn, Module, ModuleVersion, Patient
from db.queries import panel_for_staff, today_for_patient
from tests.utils import actor_for


def test_it_seeds_the_demo_patient_in_week_3_with_two_weeks_of_check_ins(demo_db, frozen):
    view = today_for_patient(actor=actor_for("demo-patient"))
    assert view.plan.week == 3 and view.plan.weeks == 12
    assert len(view.plan.this_week()) >= 1
    with read_session() as session:
        alex = session.exec(select(Patient).where(Patient.record_number == "DEMO-0001")).one()
        count = session.exec(
            select(func.count()).select_from(CheckIn).where(CheckIn.patient_id == alex.id)
        ).one()
        team = session.exec(
            select(CareTeamMember.role).where(CareTeamMember.patient_id == alex.id)
        ).all()
    assert count == 14 and sorted(team) == ["clinician", "coordinator"]


def test_it_puts_the_demo_patient_on_the_demo_coordinators_panel(demo_db, frozen):
    panel = panel_for_staff(actor=actor_for("demo-coordinator"))
    assert "Alex Rivera" in panel["name"].tolist() and len(panel) == 7
    assert panel.iloc[0]["urgent"] == 1  # the flagged patient comes first


def test_it_loads_every_shipped_lesson_as_a_published_first_version(demo_db):
    with read_session() as session:
        modules = session.exec(select(func.count()).select_from(Module)).one()
        versions = session.exec(
            select(ModuleVersion.number, ModuleVersion.status).where(
                ModuleVersion.source == "shipped"
            )
        ).all()
    assert modules >= 24 and set(versions) == {(1, "published")}
