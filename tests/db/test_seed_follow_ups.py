"""The demo's follow-ups: the demo patient's prompt, and a request in each state on the panel."""

from db.queries import follow_up_prompts, follow_up_queue, follow_ups_for_patient
from tests.utils import actor_for


def test_it_prompts_the_demo_patient_to_schedule_a_follow_up(demo_db, frozen):
    (prompt,) = follow_up_prompts(actor=actor_for("demo-patient")).prompts
    assert (prompt.severity, prompt.not_now, prompt.act_now) == ("soon", True, None)
    assert prompt.text.startswith("Your answers about worry and stress on March 13")
    assert follow_ups_for_patient(actor=actor_for("demo-patient")).active is None


def test_it_gives_the_coordinator_a_follow_up_in_each_state(demo_db, frozen):
    queue = follow_up_queue(actor=actor_for("demo-coordinator"))
    by_name = {}
    for item in queue.items:
        by_name.setdefault(item.patient_name, []).append(item)
    # Maria's request carries her mood flag: one item, not two.
    assert [i.status for i in by_name["Maria Santos"]] == ["requested"]
    # Grace's warning sign is booked; her persisting-symptoms flag still waits for outreach.
    grace, persisting = by_name["Grace Okafor"]
    assert grace.status == "scheduled" and grace.visit.clinician_name == "Dr. Jordan Lee"
    assert [o.method for o in grace.outreach] == ["no_answer", "called"]
    assert (persisting.status, persisting.severity) == (None, "soon")
    assert [i.status for i in by_name["Alex Rivera"]] == [None]  # his prompt's flag, unbooked
    assert [o.method for o in by_name["Omar Haddad"][0].outreach] == ["left_message"]
    # Tom's visit is done and Dev cancelled: only the flags the rules opened since remain.
    assert [i.status for i in by_name["Tom Becker"]] == [None]
    assert [i.status for i in by_name["Dev Patel"]] == [None]
    (cancelled,) = queue.recently_cancelled
    assert cancelled.patient_name == "Dev Patel" and cancelled.reason.startswith("I am feeling")
    # Urgent first, and of the urgent, Lena's self-harm answer before Grace's warning sign.
    assert [i.patient_name for i in queue.items[:2]] == ["Lena Fischer", "Grace Okafor"]
