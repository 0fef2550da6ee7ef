"""The patient detail: one patient's whole record for their care team, audited once per view."""

from datetime import date, timedelta
from secrets import token_hex

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
        ("warning signs", "A swollen, red or painful calf"),
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
