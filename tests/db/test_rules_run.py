"""The cohort run of the follow-up rules: `python -m db.rules --all [--as-of YYYY-MM-DD]`."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from core.clock import utcnow
from db import rules
from db.actions import (
    answer_not_now,
    book_visit,
    complete_visit,
    request_follow_up,
    resolve_flag,
)
from db.engine import get_engine, read_session, write_session
from db.models import (
    CareTeamMember,
    Enrolment,
    Flag,
    FlagEvent,
    Patient,
    QuestionnaireResponse,
)
from tests.utils import actor_for, add_pains, make_patient, make_user

START = date(2026, 1, 5)  # week 1 begins (the frozen day, 2026-03-18, is in week 11)


def week_day(week: int, day: int = 1) -> date:
    return START + timedelta(days=7 * (week - 1) + day)


def add_peg(patient_id: int, week: int, total: float, day: date) -> None:
    answers = {"1": round(total), "2": round(total), "3": round(total)}
    with write_session() as session:
        session.add(
            QuestionnaireResponse(
                patient_id=patient_id,
                instrument="PEG",
                answers=answers,
                total=total,
                program_week=week,
                local_date=day,
            )  # fmt: skip
        )


def add_check_ins(patient_id: int, days: list[date], pain: int = 4) -> None:
    add_pains(patient_id, dict.fromkeys(days, pain))


@pytest.fixture
def cohort(db, frozen):
    """Ana's weekly pain score has not fallen (6.0 from a 6.0 baseline) and she checks in daily;
    Ben fell from 6.0 to 3.0 and last checked in ten days ago."""
    coord = make_user("coord", ["coordinator"])
    ana = make_patient("Ana", username="ana", start=START, coordinator=coord)
    ben = make_patient("Ben", username="ben", start=START, coordinator=coord)
    for patient, weekly in ((ana, 6.0), (ben, 3.0)):
        add_peg(patient.id, 0, 6.0, START)
        for week in (5, 6, 7, 8, 9, 10):
            add_peg(patient.id, week, weekly, week_day(week))
    today = date(2026, 3, 18)
    add_check_ins(ana.id, [today - timedelta(days=n) for n in range(30)])
    add_check_ins(ben.id, [today - timedelta(days=10)])
    return ana, ben


def flags() -> list[tuple[str, str, str]]:
    with read_session() as session:
        rows = session.exec(select(Patient.given_name, Flag.rule, Flag.dedupe_key).join(Flag))
        return sorted(rows.all())


def events() -> list[tuple[str, int]]:
    with read_session() as session:
        return sorted(session.exec(select(FlagEvent.kind, FlagEvent.flag_id)).all())


def enrolment_of(patient: Patient) -> int:
    with read_session() as session:
        return session.exec(select(Enrolment.id).where(Enrolment.patient_id == patient.id)).one()


def last_line(capsys) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_it_opens_each_episode_once_however_often_it_runs(cohort, capsys):
    ana, ben = cohort
    assert rules.main(["--all"]) == 0
    assert last_line(capsys) == "checked=2 opened=2"
    expected = [
        ("Ana", "persisting", f"persisting:{enrolment_of(ana)}"),
        ("Ben", "low_adherence", f"low_adherence:{enrolment_of(ben)}:2026-03-08"),
    ]
    assert flags() == expected
    history = events()
    assert rules.main(["--all"]) == 0
    assert last_line(capsys) == "checked=2 opened=0"
    assert flags() == expected
    assert events() == history  # nothing changed, so nothing is added to the flags' history


def test_it_refreshes_an_open_episode_when_its_numbers_change(cohort, capsys):
    ana, _ = cohort
    assert rules.main(["--all"]) == 0
    add_peg(ana.id, 11, 5.0, date(2026, 3, 17))
    assert rules.main(["--all"]) == 0
    assert last_line(capsys) == "checked=2 opened=0"
    with read_session() as session:
        flag = session.exec(select(Flag).where(Flag.rule == "persisting")).one()
    assert flag.inputs["recent_mean"] == 5.5 and "averaged 5.5" not in flag.explanation
    assert "mean of the last 2 weekly PEGs 5.5" in flag.explanation
    assert [kind for kind, _ in events() if kind != "opened"] == ["refreshed"]


def test_it_keeps_a_resolved_episode_closed_on_the_next_run(cohort, capsys):
    assert rules.main(["--all"]) == 0
    with read_session() as session:
        flag = session.exec(select(Flag).where(Flag.rule == "persisting")).one()
    resolve_flag(actor=actor_for("coord"), flag_id=flag.id, note="Called Ana; visit booked.")
    assert rules.main(["--all"]) == 0
    assert last_line(capsys) == "checked=2 opened=0"
    with read_session() as session:
        assert session.exec(select(Flag).where(Flag.rule == "persisting")).one().status == (
            "resolved"
        )


def test_it_reads_nothing_recorded_after_the_as_of_day(cohort, capsys):
    ana, _ = cohort
    as_of = week_day(6, 0)  # the week-6 PEG comes the next day: only one weekly score by then
    assert rules.main(["--all", "--as-of", as_of.isoformat()]) == 0
    assert last_line(capsys) == "checked=2 opened=2"
    # Neither had checked in since Jan 5 (Ana's daily check-ins begin Feb 17); no persisting yet.
    assert [rule for _, rule, _ in flags()] == ["low_adherence", "low_adherence"]
    with write_session() as session:  # a PHQ-9 of 20 after the as-of day changes nothing either
        session.add(
            QuestionnaireResponse(
                patient_id=ana.id,
                instrument="PHQ9",
                answers={},
                total=20,
                program_week=10,
                local_date=as_of + timedelta(days=1),
            )  # fmt: skip
        )
    assert rules.main(["--all", "--as-of", as_of.isoformat()]) == 0
    assert last_line(capsys) == "checked=2 opened=0"


def test_it_still_checks_everyone_else_when_one_patient_fails_and_exits_1(cohort, capsys):
    _, ben = cohort
    with write_session() as session:
        session.get(Patient, ben.id).timezone = "Mars/Olympus_Mons"
    assert rules.main(["--all"]) == 1
    out = capsys.readouterr()
    assert out.out.strip().splitlines()[-1] == "checked=2 opened=1"
    assert f"patient {ben.id} failed" in out.err and "Ben" not in out.err
    assert [name for name, _, _ in flags()] == ["Ana"]


@pytest.mark.parametrize("argv", [[], ["--all", "--as-of", "2026-13-01"], ["--everyone"]])
def test_it_exits_2_on_bad_arguments(db, argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        rules.main(argv)
    assert stopped.value.code == 2
    assert "usage: python -m db.rules" in capsys.readouterr().err


def count_queries_loading_everyone() -> int:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        with read_session() as session:
            inputs, failed = rules.load_inputs(session, None, utcnow())
            rules._episodes(session)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert not failed and inputs
    return len(statements)


def test_it_loads_the_whole_cohort_in_the_same_few_queries_however_many_patients(cohort):
    two = count_queries_loading_everyone()
    for n in range(6):
        patient = make_patient(f"More{n}", start=START)
        add_peg(patient.id, 0, 6.0, START)
        add_check_ins(patient.id, [week_day(2, d) for d in range(5)])
    assert count_queries_loading_everyone() == two <= 11


def _visit_completed_for(patient: Patient, flag_id: int, day: date) -> None:
    """Ana asks about her prompt, her clinician sees her on ``day`` (today) and completes it."""
    clin = make_user("clin", ["clinician"])
    with write_session() as session:
        session.add(
            CareTeamMember(
                patient_id=patient.id, user_id=clin.id, role="clinician", from_date=START
            )
        )
    request = request_follow_up(actor=actor_for("ana"), modality="telehealth", flag_id=flag_id)
    visit = book_visit(
        actor=actor_for("coord"),
        request_id=request.id,
        local_date=day,
        local_time=time(9, 0),
        modality="telehealth",
        clinician_id=clin.id,
    )
    complete_visit(actor=actor_for("clin"), visit_id=visit.id, outcome="Seen; plan kept.")


def persisting_flags() -> list[tuple[str, str]]:
    with read_session() as session:
        rows = session.exec(
            select(Flag.dedupe_key, Flag.status).where(Flag.rule == "persisting").order_by(Flag.id)
        )
        return list(rows.all())


def test_it_gives_the_patient_the_rules_words_and_keeps_low_adherence_for_staff(cohort, capsys):
    assert rules.main(["--all"]) == 0
    with read_session() as session:
        words = dict(session.exec(select(Flag.rule, Flag.patient_explanation)).all())
    assert words["persisting"].startswith("Your weekly pain score started at 6.0.")
    assert words["low_adherence"] is None


def test_it_keeps_a_rule_quiet_for_four_weeks_after_a_completed_visit(cohort, capsys):
    ana, _ = cohort
    today = date(2026, 3, 18)
    assert rules.main(["--all"]) == 0
    ((key, _),) = persisting_flags()
    with read_session() as session:
        flag_id = session.exec(select(Flag.id).where(Flag.rule == "persisting")).one()
    _visit_completed_for(ana, flag_id, today)
    assert persisting_flags() == [(key, "resolved")]
    for day in (today, today + timedelta(days=27)):  # the numbers still say it fires
        assert rules.main(["--all", "--as-of", day.isoformat()]) == 0
        assert persisting_flags() == [(key, "resolved")]
    assert rules.main(["--all", "--as-of", (today + timedelta(days=28)).isoformat()]) == 0
    assert persisting_flags() == [(key, "resolved"), (f"{key}:after_visit:2026-03-18", "open")]
    assert rules.main(["--all", "--as-of", (today + timedelta(days=28)).isoformat()]) == 0
    assert last_line(capsys).endswith("opened=0")  # and a rerun opens nothing new


def test_it_keeps_a_rule_quiet_for_a_week_after_not_now(cohort, capsys):
    ana, _ = cohort
    assert rules.main(["--all"]) == 0
    with read_session() as session:
        flag_id = session.exec(select(Flag.id).where(Flag.rule == "persisting")).one()
    answer_not_now(actor=actor_for("ana"), flag_id=flag_id)
    add_peg(ana.id, 11, 5.0, date(2026, 3, 17))  # new numbers: a run would refresh the flag

    def changes() -> list[str]:
        return [kind for kind, flag in events() if flag == flag_id and kind != "opened"]

    for day in ("2026-03-18", "2026-03-24"):
        assert rules.main(["--all", "--as-of", day]) == 0
        assert changes() == []
    assert rules.main(["--all", "--as-of", "2026-03-25"]) == 0
    assert changes() == ["refreshed"]


def test_it_counts_days_since_a_last_check_in_older_than_any_pain_window(cohort, capsys):
    """The run reads only the check-ins the rules need (the baseline week, the last pain window,
    each patient's newest): a last check-in five weeks back must still be found, not read as
    "never checked in"."""
    cy = make_patient("Cy", start=START, coordinator=make_user("coord2", ["coordinator"]))
    add_peg(cy.id, 0, 6.0, START)
    last = date(2026, 3, 18) - timedelta(days=35)
    add_check_ins(cy.id, [START - timedelta(days=2), last - timedelta(days=1), last])
    assert rules.main(["--all"]) == 0
    with read_session() as session:
        flag = session.exec(
            select(Flag).where(Flag.patient_id == cy.id, Flag.rule == "low_adherence")
        ).one()
    assert (flag.inputs["last_check_in"], flag.inputs["days_without"]) == (last.isoformat(), 35)


def test_it_checks_nobody_without_failing_when_no_one_is_enrolled(db, frozen, capsys):
    """An empty clinic (cron's first hour) and a patient whose program ended: nothing to check."""
    assert rules.main(["--all"]) == 0
    assert last_line(capsys) == "checked=0 opened=0"
    gone = make_patient("Dee", start=START, coordinator=make_user("coord3", ["coordinator"]))
    with write_session() as session:
        enrolment = session.exec(select(Enrolment).where(Enrolment.patient_id == gone.id)).one()
        enrolment.status = "completed"
        session.add(enrolment)
    assert rules.run_for_patient(gone.id).checked == 0
