"""The patient detail: one patient's whole record for their care team, audited once per view."""

from datetime import date, timedelta
from secrets import token_hex

import pandas as pd
import pytest
from sqlmodel import select

from db.access import AccessDenied, NotFound
from db.actions import (
    change_plan,
    record_check_in,
    save_questionnaire_draft,
    submit_questionnaire,
)
from db.engine import read_session, write_session
from db.models import AuditEvent, Goal, Patient
from db.queries import patient_detail
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user

NOTE = "Dr said: <b>halve</b> the *gabapentin* for a week [see letter](http://x)"


@pytest.fixture
def ana(db, frozen):
    """Ana on Nurse's and Doc's panel, with a medicine note, a warning sign, PEGs and a goal;
    Ben on another team."""
    nurse = make_user("nurse", ["coordinator"])
    doc = make_user("doc", ["clinician"])
    other = make_user("other", ["coordinator"])
    ana = make_patient(
        "Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse, clinician=doc
    )
    make_patient("Ben", username="ben", start=date(2026, 3, 2), coordinator=other)
    me = actor_for("ana")
    answers = dict(CHECK_IN_ANSWERS, medicines_changed=True)
    record_check_in(
        actor=me, medicines_note=NOTE, anything_new=True, warning_signs=["calf"], **answers
    )
    for values in ({"1": 7, "2": 7, "3": 6},):
        save_questionnaire_draft(actor=me, instrument="PEG", answers=values)
        submit_questionnaire(actor=me, instrument="PEG")
    with write_session() as session:
        session.add(Goal(patient_id=ana.id, text="Walk to the <park>"))
    return ana


def test_it_shows_the_care_team_every_part_of_the_record(ana):
    change_plan(actor=actor_for("doc"), patient_id=ana.id, kind="pause", reason="Away a week.")
    detail = patient_detail(actor=actor_for("nurse"), patient_id=ana.id)
    assert detail.contact.name == "Ana Test" and ("clinician", "Doc") in detail.contact.care_team
    assert [(n.kind, n.text) for n in detail.notes] == [
        ("medicines", NOTE),
        ("warning signs", "Swollen, red or painful calf"),
    ]
    assert detail.trends["pain"].dropna().tolist() == [5.0]
    assert [(q.instrument, q.total) for q in detail.questionnaires] == [("PEG", 6.67)]
    rules = {f.rule_name for f in detail.flags}
    assert len(detail.flags) == 2 and all(f.history for f in detail.flags), rules
    assert [(c.kind, c.reason, c.by) for c in detail.plan_changes] == [
        ("pause", "Away a week.", "Doc")
    ]
    assert detail.enrolment.status == "paused"
    assert [g.text for g in detail.goals] == ["Walk to the <park>"]


def test_it_marks_a_peg_change_from_baseline(ana, frozen):
    me = actor_for("ana")
    frozen.shift(timedelta(days=7))  # next week's PEG
    save_questionnaire_draft(actor=me, instrument="PEG", answers={"1": 5, "2": 5, "3": 5})
    submit_questionnaire(actor=me, instrument="PEG")
    detail = patient_detail(actor=actor_for("doc"), patient_id=ana.id)
    assert [q.total for q in detail.questionnaires] == [5.0, 6.67]
    assert [q.change for q in detail.questionnaires] == [-1.67, None]


def test_it_answers_not_found_for_another_teams_patient_and_refuses_patients(ana):
    with read_session() as session:
        ben = session.exec(select(Patient).where(Patient.given_name == "Ben")).one()
    with pytest.raises(NotFound):
        patient_detail(actor=actor_for("nurse"), patient_id=ben.id)
    with pytest.raises(NotFound):
        patient_detail(actor=actor_for("other"), patient_id=ana.id)
    with pytest.raises(AccessDenied):
        patient_detail(actor=actor_for("ana"), patient_id=ana.id)


def test_it_records_one_audit_row_per_view_with_the_patient(ana):
    def rows():
        with read_session() as session:
            return session.exec(
                select(AuditEvent.patient_id).where(
                    AuditEvent.action == "patient_detail", AuditEvent.outcome == "ok"
                )
            ).all()

    first, second = f"patient-{token_hex(4)}", f"patient-{token_hex(4)}"  # memory is per process
    for _ in range(3):  # reruns of one page view
        patient_detail(actor=actor_for("nurse"), patient_id=ana.id, view=first)
    assert rows() == [ana.id]
    patient_detail(actor=actor_for("nurse"), patient_id=ana.id, view=second)
    assert rows() == [ana.id, ana.id]


def demo_patient(family_name: str) -> int:
    with read_session() as session:
        return session.exec(select(Patient.id).where(Patient.family_name == family_name)).one()


def test_it_counts_each_exercises_sessions_done_against_the_days_planned(demo_db, frozen):
    """Alex (demo, week 3): the plan began with week 2 (Mar 10); the walk was logged on all 8
    days since, "less" on the flare's last day and "more" once."""
    detail = patient_detail(actor=actor_for("demo-clinician"), patient_id=demo_patient("Rivera"))
    record = detail.movement
    assert (record.since, record.until) == (date(2026, 3, 4), date(2026, 3, 17))
    walk = record.exercises[0]
    assert (walk.name, walk.level, walk.target, walk.baseline) == ("Easy walk", 0, 10, 13.0)
    assert (walk.planned_days, walk.done_days, walk.as_planned) == (8, 8, 6)
    assert [(e.name, e.as_planned) for e in record.exercises[1:]] == [
        ("Sit to stand", 8),
        ("Shoulder rolls", 8),
    ]
    assert record.step_percent == 10


def test_it_leaves_paused_days_out_of_the_days_planned(demo_db, frozen):
    alex = demo_patient("Rivera")
    change_plan(
        actor=actor_for("demo-clinician"),
        patient_id=alex,
        kind="pause",
        reason="A week away.",
        effective_date=date(2026, 3, 14),
        until=date(2026, 3, 20),
    )
    walk = patient_detail(actor=actor_for("demo-clinician"), patient_id=alex).movement.exercises[0]
    assert (walk.planned_days, walk.done_days) == (4, 4)  # Mar 10-13; the logs after are paused
    assert walk.state == "paused" and walk.target is None


def test_it_gives_the_sleep_diary_and_the_practice_sessions(demo_db, frozen):
    detail = patient_detail(actor=actor_for("demo-clinician"), patient_id=demo_patient("Rivera"))
    sleep = detail.sleep
    assert (sleep.last_week.nights, sleep.last_week.efficiency) == (6, 91.4)
    assert sleep.plan is not None and sleep.plan.since == date(2026, 3, 11)
    assert max(sleep.entries) == date(2026, 3, 17)  # last night; never tonight
    practice = detail.practice
    assert (practice.minutes.total_minutes, practice.minutes.sessions) == (38, 6)
    newest = practice.recent[0]
    assert (newest.local_date, newest.kind, newest.minutes, newest.breaths_per_minute) == (
        date(2026, 3, 17),
        "breathing",
        5,
        5,
    )
    assert [s.completed for s in practice.recent].count(False) == 1  # the one stopped early


def test_it_puts_movement_and_practice_in_the_daily_trends(demo_db, frozen):
    trends = patient_detail(
        actor=actor_for("demo-coordinator"), patient_id=demo_patient("Rivera")
    ).trends.set_index("date")
    # Mar 10: the walk 6 of 10 minutes, the other two as planned: (60 + 100 + 100) / 3.
    assert trends.loc["2026-03-10", "movement_share"] == 87
    assert trends.loc["2026-03-13", "movement_share"] == 113  # the walk 14 of 10
    assert pd.isna(trends.loc["2026-03-09", "movement_share"])  # no log: a gap, never a 0
    assert trends.loc["2026-03-13", "practice_minutes"] == 10
    assert trends.loc["2026-03-12", "practice_minutes"] == 0
    assert trends["practice_minutes"].sum() == 38


def test_it_logs_every_outreach_attempt_newest_first_with_what_it_was_about(demo_db, frozen):
    grace = patient_detail(actor=actor_for("demo-coordinator"), patient_id=demo_patient("Okafor"))
    assert [(o.method, o.by, o.note) for o in grace.outreach] == [
        ("called", "Casey Morgan", "Fever is down. Booked a video visit for tomorrow."),
        ("no_answer", "Casey Morgan", None),
    ]
    assert {o.about for o in grace.outreach} == {"Warning sign: fever or chills with the pain"}
    alex = patient_detail(actor=actor_for("demo-coordinator"), patient_id=demo_patient("Rivera"))
    assert alex.outreach == ()  # never another patient's attempts
