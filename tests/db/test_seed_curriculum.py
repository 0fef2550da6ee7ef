"""The demo shows the pause and the reminder: Tom's past pause ended by itself, Alex has a reminder."""

from datetime import time

from db.queries import panel_for_staff, plan_for_clinician, reminder_for_patient
from tests.utils import actor_for


def test_it_shows_a_pause_that_ended_by_itself_and_keeps_the_demo_weeks(demo_db, frozen):
    panel = panel_for_staff(actor=actor_for("demo-coordinator")).set_index("name")
    # Week 12, where the end-of-program rule looks (db/seed_rules.py), after a pause.
    assert (panel.loc["Tom Becker", "status"], panel.loc["Tom Becker", "week"]) == ("active", 12)
    tom = int(panel.loc["Tom Becker", "patient_id"])
    history = plan_for_clinician(actor=actor_for("demo-clinician"), patient_id=tom).history
    pauses = [(h.kind, h.reason) for h in history if h.kind in ("pause", "resume")]
    assert pauses == [("pause", "Knee surgery: a break to recover.")]  # it ended by itself


def test_it_gives_the_demo_patient_a_reminder_ready_to_download(demo_db, frozen):
    view = reminder_for_patient(actor=actor_for("demo-patient"))
    assert view.ready and view.at == time(19, 0)
