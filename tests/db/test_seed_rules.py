"""The demo opens its flags through the rules: one demo patient per rule, no hand-made flag rows,
and the cohort run right after seeding opens nothing new."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from db import rules
from db.engine import read_session
from db.models import CheckIn, Flag, FlagEvent, Patient, QuestionnaireResponse
from program.measures import PHQ9_CRISIS_ITEM
from program.rules import phq9_item9_flag, warning_sign_flags
from tests.conftest import FROZEN_NOW

EXPECTED = {
    ("Grace", "persisting", "soon"),
    ("Grace", "warning_sign", "urgent"),
    ("Dev", "worsening", "soon"),
    ("Tom", "end_of_program", "routine"),
    ("Maria", "mood", "soon"),
    ("Omar", "low_adherence", "routine"),
    ("Lena", "phq9_item9", "urgent"),
    ("Alex", "mood", "soon"),  # the demo patient's follow-up prompt (db/seed_follow_ups.py)
}


def demo_flags() -> set[tuple[str, str, str]]:
    with read_session() as session:
        found = session.exec(select(Patient.given_name, Flag.rule, Flag.severity).join(Flag))
        return set(found.all())


def history() -> int:
    with read_session() as session:
        return session.exec(select(func.count()).select_from(FlagEvent)).one()


def test_it_opens_one_flag_per_rule_and_a_rerun_of_the_cohort_run_opens_nothing(
    demo_db, frozen, capsys
):
    assert demo_flags() == EXPECTED
    events = history()
    assert rules.main(["--all"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "checked=7 opened=0"
    assert demo_flags() == EXPECTED and history() == events  # not even a refresh


def test_it_writes_the_save_time_flags_from_the_records_the_patients_saved(demo_db, frozen):
    with read_session() as session:
        people = {p.given_name: p for p in session.exec(select(Patient))}
        flags = {(f.patient_id, f.rule): f for f in session.exec(select(Flag))}
        grace, lena = people["Grace"], people["Lena"]
        (sign_day,) = [
            c.local_date
            for c in session.exec(select(CheckIn).where(CheckIn.patient_id == grace.id))
            if c.warning_signs
        ]
        phq9 = session.exec(
            select(QuestionnaireResponse).where(
                QuestionnaireResponse.patient_id == lena.id,
                QuestionnaireResponse.instrument == "PHQ9",
            )
        ).one()
    (sign,) = warning_sign_flags(["fever_chills"], sign_day, source="check_in")
    fever = flags[(grace.id, "warning_sign")]
    assert (fever.dedupe_key, fever.inputs, fever.explanation) == (
        sign.dedupe_key, sign.inputs, sign.explanation,
    )  # fmt: skip
    assert fever.opened_at == FROZEN_NOW - timedelta(days=6)  # when the check-in was saved
    item9 = phq9_item9_flag(
        phq9.answers[PHQ9_CRISIS_ITEM], phq9.local_date, finished=True, program_week=0
    )
    assert flags[(lena.id, "phq9_item9")].inputs == item9.inputs
    alex = people["Alex"]  # only his GAD-7 of 15's mood flag, opened when he saved it
    assert [(r, f.dedupe_key) for (p, r), f in flags.items() if p == alex.id] == [
        ("mood", "mood:GAD7")
    ]
