"""The patient detail's movement, practice, sleep diary, flag history and outreach log, through
the real app with the demo data (AppTest)."""

from sqlmodel import select

from db.actions import acknowledge_flag
from db.engine import read_session
from db.models import Flag, Patient
from tests.pages.conftest import texts
from tests.utils import actor_for


def demo_patient(family_name: str) -> int:
    with read_session() as session:
        return session.exec(select(Patient.id).where(Patient.family_name == family_name)).one()


def open_detail(at, family_name: str):
    at.query_params["patient"] = str(demo_patient(family_name))
    return at.switch_page("pages/care/patient.py").run()


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_it_shows_alexs_movement_practice_and_sleep_diary(app_as):
    at = open_detail(app_as("demo-clinician"), "Rivera")
    assert not at.exception
    shown = markdown(at)
    assert "**Easy walk**: level 0, today 10 minutes" in shown
    assert "Done on 8 of 8 planned days; 6 as planned." in shown
    assert "5 minutes this week · 38 minutes in 6 sessions in all" in shown
    assert "**Mar 17**: Slow breathing, 5 min at 5 breaths a minute" in shown
    assert "**Mar 10**: Slow breathing, 3 min at 6 breaths a minute, stopped early" in shown
    assert any(m.startswith("Last 7 nights: 6 saved · mean sleep") for m in shown)
    assert any(m.startswith("**Tue Mar 17**: in bed") for m in shown)
    assert "Bedtime scheduling on since Mar 11" in " ".join(c.value for c in at.caption)
    # Pain, sleep, mood, stress, then movement and practice.
    charts = at.get("vega_lite_chart")
    assert len(charts) == 6
    assert "movement_share" in charts[4].proto.spec and "practice_minutes" in charts[5].proto.spec
    assert "No outreach recorded." in texts(at)


def test_it_shows_the_outreach_log_with_staff_notes_as_typed(app_as):
    at = open_detail(app_as("demo-coordinator"), "Okafor")
    assert not at.exception
    shown = markdown(at)
    attempts = [m for m in shown if "(Casey Morgan) · Warning sign" in m]
    assert len(attempts) == 2
    assert "Called, spoke with them" in attempts[0] and "Called, no answer" in attempts[1]
    assert "Fever is down. Booked a video visit for tomorrow." in [t.value for t in at.text]


def test_it_shows_each_flag_episode_with_its_whole_history(app_as):
    grace = demo_patient("Okafor")
    with read_session() as session:
        fever = session.exec(select(Flag).where(Flag.patient_id == grace)).first()
    acknowledge_flag(actor=actor_for("demo-coordinator"), flag_id=fever.id, note="Calling <now>")
    at = open_detail(app_as("demo-coordinator"), "Okafor")
    assert not at.exception
    lines = [t.value for t in at.text]
    assert any(line.endswith(": Opened") for line in lines)
    assert any(line.endswith("Acknowledged by Casey Morgan: Calling <now>") for line in lines)
    captions = " ".join(c.value for c in at.caption)
    # Grace's two rules (db/seed_rules.py), an episode each.
    assert "Episodes: Warning sign: fever or chills with the pain 1 episode; " in captions
    assert captions.count(" 1 episode") == 2


def test_a_clinician_goes_from_the_record_to_the_same_patients_plan(app_as):
    alex = demo_patient("Rivera")
    at = open_detail(app_as("demo-clinician"), "Rivera")
    links = {link.proto.label: link.proto for link in at.get("page_link")}
    assert "Change the plan" in links
    assert links["Change the plan"].page == "plan"
    assert links["Change the plan"].query_string == f"patient={alex}"
    # A coordinator has no plan screen: no link that would lead nowhere.
    at = open_detail(app_as("demo-coordinator"), "Rivera")
    assert not at.exception
    assert "Change the plan" not in {link.proto.label for link in at.get("page_link")}
