"""Rule settings in the store: versions with who and why, each patient's settings in the cohort run
and at a questionnaire's save, and warning signs and item 9 beyond the reach of any of them."""

from __future__ import annotations

import os
import subprocess  # nosec B404: the project's own command, fixed arguments
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from core.clock import utcnow
from db import rules
from db.access import NotFound
from db.actions import (
    InvalidInput,
    change_rule_settings,
    record_check_in,
    save_questionnaire_draft,
    submit_questionnaire,
)
from db.engine import get_engine, read_session, write_session
from db.models import AuditEvent, Flag, FlagEvent, Patient, Program, RuleSetting
from db.queries import preview_rule_settings, rule_settings_for_patient, rule_settings_for_program
from db.rule_settings import settings_by_patient
from program.rules import evaluate_patient
from tests.db.test_rules_run import START, add_check_ins, add_peg, week_day
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user, rows

TODAY = date(2026, 3, 18)  # the frozen day: week 11 for a patient who started on START
WHY = "Our patients' PEG falls slowly at first; review from week 8."


@pytest.fixture
def clinic(db, frozen):
    """Ana (doc's patient) and Ben (other-doc's): both weekly PEGs flat at 6.0 from a 6.0
    baseline, both checking in daily, so both are 'persisting' under the shipped settings."""
    doc = make_user("doc", ["clinician"])
    other = make_user("other-doc", ["clinician"])
    make_user("nurse", ["coordinator"])
    ana = make_patient("Ana", username="ana", start=START, clinician=doc)
    ben = make_patient("Ben", username="ben", start=START, clinician=other)
    for patient in (ana, ben):
        add_peg(patient.id, 0, 6.0, START)
        for week in (8, 9, 10):
            add_peg(patient.id, week, 6.0, week_day(week))
        add_check_ins(patient.id, [TODAY - timedelta(days=n) for n in range(1, 30)])
    return ana, ben


def program_id() -> int:
    with read_session() as session:
        return session.exec(select(Program.id)).one()


def flagged(rule: str) -> set[str]:
    with read_session() as session:
        return set(
            session.exec(select(Patient.given_name).join(Flag).where(Flag.rule == rule)).all()
        )


def test_it_appends_a_version_per_save_with_who_when_and_why(clinic):
    doc = actor_for("doc")
    first = change_rule_settings(
        actor=doc, program_id=program_id(), changes={"persisting_from_week": 8}, reason=WHY
    )
    second = change_rule_settings(
        actor=doc,
        program_id=program_id(),
        changes={"mood_soon_at": 16, "persisting_from_week": None},
        reason="Back to week 6; soon from 16 after the team's review.",
    )
    saved = rows(RuleSetting)
    assert [(r.version, r.settings) for r in saved] == [
        (1, {"persisting_from_week": 8}),
        (2, {"mood_soon_at": 16}),
    ]
    assert {r.created_by for r in saved} == {doc.user_id} and saved[0].reason == WHY
    assert (first.id, second.id) == (saved[0].id, saved[1].id)  # never updated in place
    view = rule_settings_for_program(actor=doc)
    assert [h.version for h in view.history] == [2, 1] and view.history[1].by == "Doc"
    assert view.history[0].changes == (
        "Persisting symptoms, from program week: week 8, back to the shipped default",
        "Mood, soon at: set to 16 points",
    )
    row = next(r for r in view.rows if r.name == "mood_soon_at")
    assert (row.value, row.source) == (16, "Program, version 2")
    with read_session() as session:
        audited = session.exec(
            select(AuditEvent.detail).where(AuditEvent.action == "change_rule_settings")
        ).all()
    assert audited[-1] == f"program {program_id()} version 2: mood_soon_at, persisting_from_week"


def test_it_refuses_a_save_without_a_reason_or_without_a_change(clinic):
    doc = actor_for("doc")
    for reason in ("", "   "):
        with pytest.raises(InvalidInput, match="Please add a reason"):
            change_rule_settings(
                actor=doc, program_id=program_id(), changes={"mood_soon_at": 16}, reason=reason
            )
    with pytest.raises(InvalidInput, match="Nothing changed"):
        change_rule_settings(
            actor=doc, program_id=program_id(), changes={"mood_soon_at": 15}, reason=WHY
        )
    with pytest.raises(InvalidInput, match="routine line cannot be above the soon line"):
        change_rule_settings(
            actor=doc, program_id=program_id(), changes={"mood_routine_at": 20}, reason=WHY
        )
    assert rows(RuleSetting) == []


def test_it_changes_only_that_patients_result_when_one_patient_has_an_override(clinic, capsys):
    ana, ben = clinic
    change_rule_settings(
        actor=actor_for("doc"), patient_id=ana.id, changes={"persisting_from_week": 12}, reason=WHY
    )
    assert rules.main(["--all"]) == 0
    assert flagged("persisting") == {"Ben"}
    with read_session() as session:
        ben_flag = session.exec(select(Flag).where(Flag.patient_id == ben.id)).one()
    assert ben_flag.inputs["settings_version"] == {"program": 0, "patient": None}
    # The patient's own version wins over a later program version of the same number.
    change_rule_settings(
        actor=actor_for("other-doc"),
        program_id=program_id(),
        changes={"persisting_from_week": 11},
        reason="Review everyone from week 11.",
    )
    by_patient = settings_by_patient_now()
    assert by_patient[ana.id].settings.persisting_from_week == 12
    assert by_patient[ben.id].settings.persisting_from_week == 11
    assert by_patient[ana.id].version() == {"program": 1, "patient": 1}
    assert rules.main(["--all"]) == 0
    assert flagged("persisting") == {"Ben"}
    with read_session() as session:
        ben_flag = session.exec(select(Flag).where(Flag.patient_id == ben.id)).one()
    # Ben's numbers did not change, so his flag keeps the version that fired it (and its history
    # gains no "refreshed" row for a settings change alone).
    assert ben_flag.inputs["settings_version"] == {"program": 0, "patient": None}
    assert [e.kind for e in rows(FlagEvent, flag_id=ben_flag.id)] == ["opened"]


def settings_by_patient_now():
    with read_session() as session:
        return settings_by_patient(session)


def test_it_lets_any_clinician_tune_the_program_but_only_the_care_team_tune_one_patient(clinic):
    ana, _ = clinic
    other = actor_for("other-doc")
    change_rule_settings(
        actor=other, program_id=program_id(), changes={"not_now_days": 5}, reason=WHY
    )
    with pytest.raises(NotFound):
        change_rule_settings(
            actor=other, patient_id=ana.id, changes={"not_now_days": 3}, reason=WHY
        )
    with pytest.raises(NotFound):
        rule_settings_for_patient(actor=other, patient_id=ana.id)
    assert [r.scope for r in rows(RuleSetting)] == ["program"]


@pytest.mark.parametrize("name", ["phq9_item9", "warning_signs", "warning_sign", "self_harm_sign"])
def test_it_refuses_any_change_that_names_warning_signs_or_item_9(clinic, name):
    ana, _ = clinic
    for where in ({"program_id": program_id()}, {"patient_id": ana.id}):
        with pytest.raises(InvalidInput, match="always on and cannot be changed"):
            change_rule_settings(actor=actor_for("doc"), changes={name: 0}, reason=WHY, **where)
    assert rows(RuleSetting) == []


def test_it_opens_item_9_and_warning_sign_flags_whatever_is_stored(clinic):
    ana, _ = clinic
    doc = actor_for("doc")
    quiet = {
        "mood_soon_at": 27, "mood_routine_at": 27, "low_adherence_days": 60,
        "quiet_after_visit_days": 90, "not_now_days": 30,
    }  # fmt: skip
    change_rule_settings(actor=doc, program_id=program_id(), changes=quiet, reason=WHY)
    change_rule_settings(
        actor=doc,
        patient_id=ana.id,
        changes={"mood_soon_at": 26, "mood_routine_at": 26},
        reason=WHY,
    )
    # A row written past the action (a script, a bad restore) that tries to switch them off.
    with get_engine().begin() as conn:
        conn.execute(
            text(
                "INSERT INTO rulesetting (scope, patient_id, version, settings, reason, created_by,"
                " created_at) VALUES ('patient', :p, 2, :s, 'off', :u, :t)"
            ),
            {
                "p": ana.id,
                "s": '{"phq9_item9": 0, "warning_signs": false, "self_harm_sign": "off"}',
                "u": doc.user_id,
                "t": "2026-03-18 15:00:00+00:00",
            },
        )
    ana_actor = actor_for("ana")
    answers = {str(n): 0 for n in range(1, 9)} | {"9": 1}
    save_questionnaire_draft(actor=ana_actor, instrument="PHQ9", answers=answers)
    submit_questionnaire(actor=ana_actor, instrument="PHQ9")
    record_check_in(
        actor=ana_actor, anything_new=True, warning_signs=["chest_pain"], **CHECK_IN_ANSWERS
    )
    assert flagged("phq9_item9") == {"Ana"} and flagged("warning_sign") == {"Ana"}
    with read_session() as session:
        inputs, _ = rules.load_inputs(session, None, utcnow())
        mine = settings_by_patient(session)[ana.id]
    data, day = next((d, day) for d, day in inputs if d.patient_id == ana.id)
    fired = {r.rule for r in evaluate_patient(data, mine.settings, day) if r.fires}
    assert {"phq9_item9", "warning_sign"} <= fired
    # The raw row is Ana's newest version: its names were dropped, so she follows the program.
    assert mine.patient_version == 2 and mine.settings.mood_soon_at == 27


def test_it_uses_the_programs_mood_lines_when_a_questionnaire_is_saved(clinic):
    ana, _ = clinic
    change_rule_settings(
        actor=actor_for("doc"), program_id=program_id(), changes={"mood_soon_at": 18}, reason=WHY
    )
    ana_actor = actor_for("ana")
    answers = {str(n): 2 for n in range(1, 9)} | {"9": 0}  # 16: soon under the shipped 15
    save_questionnaire_draft(actor=ana_actor, instrument="PHQ9", answers=answers)
    submit_questionnaire(actor=ana_actor, instrument="PHQ9")
    with read_session() as session:
        mood = session.exec(select(Flag).where(Flag.rule == "mood")).one()
    assert mood.severity == "routine" and mood.inputs["soon_at"] == 18
    assert mood.inputs["settings_version"] == {"program": 1, "patient": None}


def test_it_previews_the_cohort_naming_only_the_clinicians_own_patients(clinic):
    ana, ben = clinic
    doc = actor_for("doc")
    preview = preview_rule_settings(
        actor=doc, program_id=program_id(), changes={"persisting_from_week": 12}, view="rules-abc"
    )
    assert (preview.checked, preview.flagged_before, preview.flagged_after) == (2, 2, 0)
    assert [(p.name, p.before, p.after) for p in preview.changed] == [
        ("Ana Test", ("Pain not improving (PEG) (soon)",), ())
    ]
    assert preview.changed_elsewhere == 1  # Ben, not on doc's care team: counted, not named
    assert rows(RuleSetting) == []  # a preview saves nothing
    one = preview_rule_settings(
        actor=doc, patient_id=ana.id, changes={"persisting_baseline_floor": 7.0}
    )
    assert (one.checked, one.flagged_before, one.flagged_after) == (1, 1, 0)
    bad = preview_rule_settings(actor=doc, patient_id=ana.id, changes={"phq9_item9": 0})
    assert bad.problems and bad.checked == 0


def test_it_keeps_one_version_number_per_scope_and_a_scope_with_its_target(clinic):
    ana, _ = clinic
    doc = actor_for("doc")
    change_rule_settings(actor=doc, patient_id=ana.id, changes={"not_now_days": 3}, reason=WHY)
    insert = (
        "INSERT INTO rulesetting (scope, program_id, patient_id, version, settings, reason,"
        " created_by, created_at) VALUES (:scope, :program, :patient, :v, '{}', :why, :u,"
        " '2026-03-18 15:00:00+00:00')"
    )
    bad = [
        dict(scope="patient", program=None, patient=ana.id, v=1, why="again"),  # version 1 twice
        dict(scope="patient", program=program_id(), patient=ana.id, v=2, why="both targets"),
        dict(scope="program", program=None, patient=None, v=1, why="no target"),
        dict(scope="patient", program=None, patient=ana.id, v=2, why="   "),  # no reason
    ]
    for values in bad:
        with pytest.raises(IntegrityError), write_session() as session:
            session.execute(text(insert), values | {"u": doc.user_id})
    assert len(rows(RuleSetting)) == 1


def test_it_runs_the_cohort_command_in_a_fresh_interpreter_with_stored_settings(clinic, db):
    # As cron runs it: a first "import db.rules" must not meet the preview's import of it.
    ana, _ = clinic
    change_rule_settings(
        actor=actor_for("doc"), patient_id=ana.id, changes={"persisting_from_week": 12}, reason=WHY
    )
    first_import = "import sys, db.rules; sys.exit(db.rules.main(sys.argv[1:]))"
    lines = []
    for command in (["-m", "db.rules"], ["-c", first_import]):
        done = subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, *command, "--all", "--as-of", "2026-03-18"],
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "DATABASE_URL": db},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        lines.append(done.stdout.strip().splitlines()[-1])
    assert lines == ["checked=2 opened=1", "checked=2 opened=0"]
    assert flagged("persisting") == {"Ben"}
