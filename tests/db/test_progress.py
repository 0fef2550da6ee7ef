"""progress_for_patient: the patient's own outcomes and, apart, adherence; never anyone else's."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from db.access import AccessDenied
from db.actions import change_plan, complete_module
from db.engine import read_session, write_session
from db.models import AuditEvent, CheckIn, Enrolment, Goal, QuestionnaireResponse
from db.queries import lesson_for_patient, lessons_for_patient, progress_for_patient
from tests.utils import actor_for, make_patient, make_user

START = date(2026, 3, 2)  # Ana's week 1; frozen "today" is 2026-03-18 (week 3, day 2)
TODAY = date(2026, 3, 18)


@pytest.fixture
def ana(db, frozen):
    clin = make_user("clin", ["clinician"])
    make_patient("Ana", username="ana", start=START, clinician=clin)
    make_patient("Ben", username="ben", start=START)
    return actor_for("ana")


def add_check_ins(actor, pains: dict[date, int], flare: set[date] = frozenset()):
    with write_session() as session:
        for day, pain in pains.items():
            session.add(
                CheckIn(
                    patient_id=actor.patient_id,
                    local_date=day,
                    pain=pain,
                    sleep_quality=3,
                    mood=3,
                    stress=3,
                    flare=day in flare,
                )
            )


def add_peg(actor, week: int, total: float):
    with write_session() as session:
        session.add(
            QuestionnaireResponse(
                patient_id=actor.patient_id,
                instrument="PEG",
                answers={"1": 0, "2": 0, "3": 0},
                total=total,
                program_week=week,
                local_date=START + timedelta(days=7 * max(0, week - 1)),
                taken_at=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=7 * week),
            )
        )


def days(first: date, last: date):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_it_compares_recent_pain_with_the_first_week_and_says_so_warmly(ana):
    add_check_ins(ana, {d: 6 for d in days(START, START + timedelta(days=6))})
    add_check_ins(ana, {d: 4 for d in days(TODAY - timedelta(days=6), TODAY)})
    view = progress_for_patient(actor=ana)
    assert view.pain_change.first_week == 6 and view.pain_change.recent == 4
    assert view.pain_change.meaningful and "Well done" in view.pain_text
    assert len(view.pain) == (TODAY - START).days + 1 and view.pain["pain"].isna().sum() == 3


def test_it_uses_the_baseline_week_when_there_was_one(ana):
    with write_session() as session:
        enrolment = session.exec(
            select(Enrolment).where(Enrolment.patient_id == ana.patient_id)
        ).one()
        enrolment.start_date, enrolment.week1_start = date(2026, 2, 26), START
        session.add(enrolment)
    add_check_ins(ana, {date(2026, 2, 26): 8, date(2026, 2, 27): 8, date(2026, 2, 28): 8})
    add_check_ins(ana, {d: 7 for d in days(START, TODAY)})
    view = progress_for_patient(actor=ana)
    # As db.baseline.baseline_pain: from the start to the day the baseline completed (week 1).
    assert view.pain_change.first_week == 7.75 and not view.pain_change.meaningful
    assert "Well done" not in view.pain_text


def test_it_compares_the_latest_peg_with_the_baseline(ana):
    add_peg(ana, 0, 6.0)
    add_peg(ana, 1, 5.67)
    add_peg(ana, 2, 4.67)
    view = progress_for_patient(actor=ana)
    assert view.peg.to_dict("list") == {"week": [0, 1, 2], "peg": [6.0, 5.67, 4.67]}
    assert view.peg_change.meaningful and "Well done" in view.peg_text


def test_it_counts_lessons_once_per_week_done_and_check_ins_per_week(ana):
    for slug in ("pain-is-protection", "pain-is-protection", "flares-pass"):
        version = next(x for x in lessons_for_patient(actor=ana).lessons if x.slug == slug)
        answers = [q.answer for q in lesson_for_patient(actor=ana, slug=slug).check]
        complete_module(actor=ana, module_version_id=version.version_id, check_answers=answers)
    add_check_ins(ana, {START: 5, START + timedelta(days=8): 5, TODAY: 5})
    view = progress_for_patient(actor=ana)
    assert view.lessons_done == 2 and view.check_ins == 3
    assert view.lessons_per_week.to_dict("list") == {"week": [1, 2, 3], "lessons": [0, 0, 2]}
    assert view.check_ins_per_week.to_dict("list") == {"week": [1, 2, 3], "check_ins": [1, 1, 1]}


def test_it_counts_paused_days_and_flare_days_as_kept_in_the_streak(ana):
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="pause",
        reason="Holiday",
        effective_date=date(2026, 3, 14),
    )
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana.patient_id,
        kind="resume",
        reason="Welcome back",
        effective_date=date(2026, 3, 17),
    )
    add_check_ins(
        ana, {date(2026, 3, 12): 5, date(2026, 3, 13): 7, TODAY: 4}, flare={date(2026, 3, 13)}
    )
    view = progress_for_patient(actor=ana)
    # 12, 13 (flare), 14-16 paused, 17 (day of resuming, not kept), 18: the run restarts today.
    assert view.streak == 1
    add_check_ins(ana, {date(2026, 3, 17): 5})
    assert progress_for_patient(actor=ana).streak == 7


def test_it_lists_the_patients_own_goals(ana):
    with write_session() as session:
        session.add(Goal(patient_id=ana.patient_id, text="Walk the dog"))
        session.add(Goal(patient_id=ana.patient_id, text="Old goal", archived=True))
        session.add(Goal(patient_id=actor_for("ben").patient_id, text="Ben's goal"))
    assert [g.text for g in progress_for_patient(actor=ana).goals] == ["Walk the dog"]


def test_it_never_mixes_in_another_patients_data(ana):
    add_check_ins(actor_for("ben"), {TODAY: 9})
    add_peg(actor_for("ben"), 0, 8.0)
    view = progress_for_patient(actor=ana)
    assert view.check_ins == 0 and view.peg.empty and view.pain.empty


@pytest.mark.parametrize("roles", [["clinician"], ["coordinator"], ["admin"]])
def test_it_refuses_progress_to_staff(ana, roles):
    make_user("staff", roles, clinic_wide=True)
    with pytest.raises(AccessDenied):
        progress_for_patient(actor=actor_for("staff"))


def test_it_reads_progress_with_nothing_recorded_yet(ana):
    view = progress_for_patient(actor=ana)
    assert view.pain_change is None and view.peg_change is None and view.streak == 0
    assert view.check_ins_per_week["check_ins"].sum() == 0


def test_it_audits_a_refused_read_without_health_details(ana):
    add_check_ins(ana, {TODAY: 7})
    add_peg(ana, 0, 6.5)
    with pytest.raises(AccessDenied):
        progress_for_patient(actor=actor_for("clin"))
    with read_session() as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.action == "progress_for_patient")
        ).all()
    assert [(r.actor_username, r.outcome) for r in rows] == [("clin", "refused")]
    assert not any(str(n) in rows[0].detail for n in (7, 6.5))
