"""When the rules run besides cron: after a patient's save, and at most hourly for the cohort."""

import logging
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import text, update
from sqlmodel import select

from db import rule_runs, rules
from db.actions import record_check_in, save_questionnaire_draft, submit_questionnaire
from db.engine import get_engine, write_session
from db.leases import leases
from db.models import CheckIn, Enrolment, Flag, JobLease, Program, QuestionnaireResponse
from db.seed import ensure_program
from program.vocabulary import Job
from tests.utils import CHECK_IN_ANSWERS, actor_for, add_pains, make_patient, make_user, rows

TODAY = date(2026, 3, 18)  # FROZEN_NOW in New York


def enrol(patient_id: int, start: date, week1: date) -> None:
    with write_session() as session:
        program = session.exec(select(Program)).first()
        session.add(
            Enrolment(
                patient_id=patient_id, program_id=program.id, start_date=start, week1_start=week1
            )
        )


def peg(patient_id: int, week: int, total: float, day: date) -> None:
    with write_session() as session:
        n = round(total)
        session.add(
            QuestionnaireResponse(
                patient_id=patient_id,
                instrument="PEG",
                answers={"1": n, "2": n, "3": n},
                total=total,
                program_week=week,
                local_date=day,
            )  # fmt: skip
        )


@pytest.fixture
def ana(db, frozen):
    """Ana, with a login and no enrolment yet (each test enrols her as it needs)."""
    make_user("coord", ["coordinator"])
    with write_session() as session:
        ensure_program(session)
    patient = make_patient("Ana", username="ana")
    return patient


def test_it_opens_a_flag_from_the_patients_rules_right_after_her_check_in(ana):
    enrol(ana.id, TODAY - timedelta(days=14), TODAY - timedelta(days=10))
    add_pains(ana.id, {TODAY - timedelta(days=d): 3 for d in range(14, 10, -1)})
    # Two days of pain at 7: not yet enough days for a 7-day mean (3 are needed).
    add_pains(ana.id, {TODAY - timedelta(days=2): 7, TODAY - timedelta(days=1): 7})
    assert rows(Flag) == []
    record_check_in(actor=actor_for("ana"), **{**CHECK_IN_ANSWERS, "pain": 7})
    (flag,) = rows(Flag)
    assert (flag.rule, flag.severity, flag.patient_id) == ("worsening", "soon", ana.id)
    assert Job.RULES not in leases()  # no cohort run: her own rules did it


def test_it_opens_a_flag_from_the_patients_rules_right_after_a_questionnaire(ana):
    week1 = TODAY - timedelta(days=49)  # today is in week 8
    enrol(ana.id, week1 - timedelta(days=3), week1)
    peg(ana.id, 0, 6.0, week1 - timedelta(days=2))
    peg(ana.id, 6, 6.0, TODAY - timedelta(days=10))
    add_pains(ana.id, {TODAY - timedelta(days=d): 5 for d in (3, 2, 1)})  # she checks in daily
    ana_actor = actor_for("ana")
    save_questionnaire_draft(actor=ana_actor, instrument="PEG", answers={"1": 6, "2": 6, "3": 6})
    submit_questionnaire(actor=ana_actor, instrument="PEG")
    (flag,) = rows(Flag)
    assert (flag.rule, flag.severity) == ("persisting", "soon")


def test_it_keeps_the_patients_save_when_her_rules_fail_and_logs_it(ana, caplog):
    enrol(ana.id, TODAY - timedelta(days=14), TODAY - timedelta(days=10))
    with get_engine().begin() as conn:  # a table only the rules read
        conn.execute(text("DROP TABLE notnowanswer"))
    with caplog.at_level(logging.ERROR, logger="recalibrate.rules"):
        result = record_check_in(actor=actor_for("ana"), **CHECK_IN_ANSWERS)
    assert result.created and [c.local_date for c in rows(CheckIn)] == [TODAY]
    assert "rules after a save failed for patient" in caplog.text
    assert "Ana" not in caplog.text  # ids only in the log


@pytest.fixture
def quiet_patient(ana):
    """Ana last checked in six days ago: the low-adherence rule fires at the next cohort run."""
    enrol(ana.id, TODAY - timedelta(days=30), TODAY - timedelta(days=28))
    add_pains(ana.id, {TODAY - timedelta(days=d): 4 for d in range(20, 5, -1)})
    return ana


def run_at_once(count: int) -> list[bool]:
    start, ran = threading.Barrier(count), []

    def run() -> None:
        start.wait()
        ran.append(rule_runs.run_cohort_if_due())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return ran


def test_it_runs_the_whole_cohort_once_an_hour_however_many_ask(quiet_patient):
    assert sorted(run_at_once(5)) == [False, False, False, False, True]
    (flag,) = rows(Flag)
    assert flag.rule == "low_adherence"
    assert [rule_runs.run_cohort_if_due() for _ in range(3)] == [False] * 3
    lease = leases()[Job.RULES]
    assert lease.expires_at - lease.claimed_at == timedelta(hours=1)
    assert lease.finished_at is not None
    with write_session() as session:  # an hour later (the lease's own clock is the database's)
        session.execute(
            update(JobLease)
            .where(JobLease.name == Job.RULES)
            .values(expires_at=lease.claimed_at, claimed_at=lease.claimed_at - timedelta(hours=1))
        )
    assert rule_runs.run_cohort_if_due() is True
    assert len(rows(Flag)) == 1  # and it opened nothing twice


def test_it_starts_the_hourly_run_from_a_staff_view_without_waiting_for_it(quiet_patient):
    rule_runs._asked["at"] = -rule_runs.ASK_EVERY_SECONDS  # this process has not asked yet
    thread = rule_runs.start_hourly_run()
    assert thread is not None and thread.daemon
    assert [rule_runs.start_hourly_run() for _ in range(20)] == [None] * 20  # reruns: no asking
    thread.join(timeout=120)
    assert [f.rule for f in rows(Flag)] == ["low_adherence"]
    assert leases()[Job.RULES].finished_at is not None


def test_it_counts_the_cron_run_for_today_as_this_hours_run(quiet_patient, capsys):
    assert rules.main(["--all"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "checked=1 opened=1"
    assert rule_runs.run_cohort_if_due() is False
    assert rules.main(["--all"]) == 0  # but the command itself always runs when asked
    assert capsys.readouterr().out.strip().splitlines()[-1] == "checked=1 opened=0"
