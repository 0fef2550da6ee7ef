"""Lessons: completing a module version, what Learn and Today read, from both sides of each permission.

Frozen at 2026-03-18 15:00 UTC: 08:00 in Los Angeles, where Ana is on day 2 of week 3.
"""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from db.access import AccessDenied, NotFound
from db.actions import InvalidInput, change_plan, complete_module
from db.engine import read_session, write_session
from db.models import AuditEvent, Module, ModuleCompletion, ModuleVersion, Program
from db.queries import lesson_for_patient, lessons_for_patient, today_for_patient
from tests.utils import actor_for, make_patient, make_user

START = date(2026, 3, 2)


@pytest.fixture
def ana(db, frozen):
    clin = make_user("clin", ["clinician"])
    make_user("coord", ["coordinator"])
    make_patient("Ana", username="ana", timezone="America/Los_Angeles", start=START, clinician=clin)
    make_patient("Ben", username="ben")  # a patient login, not enrolled
    return actor_for("ana")


def status(actor, slug):
    return next(x for x in lessons_for_patient(actor=actor).lessons if x.slug == slug)


def right_answers(actor, slug):
    return [q.answer for q in lesson_for_patient(actor=actor, slug=slug).check]


def wrong_answers(actor, slug):
    return [
        (q.answer + 1) % len(q.options) for q in lesson_for_patient(actor=actor, slug=slug).check
    ]


def completions(**where):
    with read_session() as session:
        query = select(ModuleCompletion)
        for key, value in where.items():
            query = query.where(getattr(ModuleCompletion, key) == value)
        return session.exec(query.order_by(ModuleCompletion.id)).all()


def module_id(slug):
    with read_session() as session:
        return session.exec(select(Module.id).where(Module.slug == slug)).one()


def plan(kind, slug=None, reason="We would like to talk with you first."):
    change_plan(
        actor=actor_for("clin"),
        patient_id=actor_for("ana").patient_id,
        kind=kind,
        reason=reason,
        module_id=module_id(slug) if slug else None,
    )


def complete(actor, slug, answers=None):
    return complete_module(
        actor=actor,
        module_version_id=status(actor, slug).version_id,
        check_answers=right_answers(actor, slug) if answers is None else answers,
    )


# --- complete_module --------------------------------------------------------------------------


def test_it_saves_the_completion_against_the_version_read_with_its_check_result(ana):
    done = complete(ana, "flares-pass")
    assert done.result.correct == done.result.total == 2
    [row] = completions(patient_id=ana.patient_id)
    assert row.module_version_id == status(ana, "flares-pass").version_id
    assert (row.local_date, row.check_correct, row.check_total) == (date(2026, 3, 18), 2, 2)
    assert row.minutes == status(ana, "flares-pass").minutes


def test_it_gives_kind_feedback_for_a_wrong_answer(ana):
    done = complete(ana, "flares-pass", wrong_answers(ana, "flares-pass"))
    check = lesson_for_patient(actor=ana, slug="flares-pass").check
    assert done.result.correct == 0 and done.result.feedback == tuple(q.wrong for q in check)


def test_it_keeps_every_attempt_and_shows_the_latest_result(ana):
    complete(ana, "flares-pass", wrong_answers(ana, "flares-pass"))
    complete(ana, "flares-pass")
    assert len(completions(patient_id=ana.patient_id)) == 2
    lesson = status(ana, "flares-pass")
    assert lesson.done and lesson.check_correct == 2


def test_it_lets_a_patient_do_an_earlier_weeks_lesson(ana):
    complete(ana, "pain-is-protection")
    assert status(ana, "pain-is-protection").done


def test_it_refuses_a_locked_lesson(ana):
    with pytest.raises(InvalidInput, match="opens in week 8"):
        complete(ana, "pacing", [0, 0])
    assert completions() == []


def test_it_refuses_a_held_lesson_until_it_is_released(ana):
    plan("hold", "your-flare-plan")
    with pytest.raises(InvalidInput, match="paused this lesson"):
        complete(ana, "your-flare-plan", [0, 0])
    assert completions() == []
    plan("release", "your-flare-plan", "Thanks for talking with us.")
    complete(ana, "your-flare-plan")
    assert status(ana, "your-flare-plan").done


def test_it_refuses_a_skipped_lesson(ana):
    plan("skip", "your-flare-plan", "We will cover this in clinic.")
    with pytest.raises(InvalidInput, match="not part of your plan"):
        complete(ana, "your-flare-plan", [0, 0])


def test_it_allows_a_lesson_unlocked_early(ana):
    plan("unlock", "pacing", "You are ready for this one.")
    complete(ana, "pacing")
    assert status(ana, "pacing").done


@pytest.mark.parametrize("answers", [[], [1], [1, 1, 1], [1, 9], [1, None], [True, 1]])
def test_it_asks_for_an_answer_to_every_question(ana, answers):
    with pytest.raises(InvalidInput, match="answer every question"):
        complete(ana, "flares-pass", answers)
    assert completions() == []


def test_it_answers_not_found_for_a_draft_version(ana):
    draft = add_version(ana, "flares-pass", "draft")
    with pytest.raises(NotFound):
        complete_module(actor=ana, module_version_id=draft, check_answers=[1, 1])
    with pytest.raises(NotFound):
        complete_module(actor=ana, module_version_id=999_999, check_answers=[1, 1])


def test_it_answers_not_found_to_a_patient_outside_the_program(ana):
    version = status(ana, "pain-is-protection").version_id
    with pytest.raises(NotFound):
        complete_module(actor=actor_for("ben"), module_version_id=version, check_answers=[1, 0])
    assert completions() == []


def test_it_answers_not_found_for_another_programs_module(ana):
    with write_session() as session:
        other = Program(slug="other", title="Other program")
        session.add(other)
        session.flush()
        module = Module(program_id=other.id, slug="elsewhere", week=1, track="education")
        session.add(module)
        session.flush()
        version = ModuleVersion(module_id=module.id, number=1, title="X", body="x", minutes=3)
        session.add(version)
        session.flush()
        version_id = version.id
    with pytest.raises(NotFound):
        complete_module(actor=ana, module_version_id=version_id, check_answers=[])


@pytest.mark.parametrize("who", ["clin", "coord"])
def test_it_refuses_staff_and_audits_the_refusal(ana, who):
    version = status(ana, "pain-is-protection").version_id
    with pytest.raises(AccessDenied):
        complete_module(actor=actor_for(who), module_version_id=version, check_answers=[1, 0])
    with read_session() as session:
        refused = session.exec(
            select(AuditEvent).where(
                AuditEvent.actor_username == who, AuditEvent.outcome == "refused"
            )
        ).all()
    assert [e.action for e in refused] == ["complete_module"]


def test_it_audits_a_completion_without_answers_or_results(ana):
    complete(ana, "flares-pass")
    with read_session() as session:
        [event] = session.exec(
            select(AuditEvent).where(AuditEvent.action == "complete_module")
        ).all()
    assert event.patient_id == ana.patient_id and event.outcome == "ok"
    assert event.detail.startswith("module version ") and "right" not in event.detail


# --- what Learn and Today read ----------------------------------------------------------------


def add_version(actor, slug, status_="published", source="clinician"):
    with write_session() as session:
        mid = module_id(slug)
        newest = session.exec(
            select(ModuleVersion)
            .where(ModuleVersion.module_id == mid)
            .order_by(ModuleVersion.number.desc())
        ).first()
        version = ModuleVersion(
            module_id=mid,
            number=newest.number + 1,
            status=status_,
            title=newest.title + " (new)",
            body="A clearer version.",
            minutes=newest.minutes,
            check=newest.check,
            source=source,
        )
        session.add(version)
        session.flush()
        return version.id


def test_it_lists_this_weeks_lessons_then_earlier_weeks_newest_first(ana):
    view = lessons_for_patient(actor=ana)
    assert view.plan.week == 3
    assert [x.slug for x in view.this_week()] == ["flares-pass", "your-flare-plan"]
    assert [x.week for x in view.earlier_weeks()] == [2, 2, 1, 1, 1]
    assert [x.slug for x in view.earlier_weeks()][2:] == [
        "pain-is-protection",
        "hurt-and-harm",
        "your-care-team",  # the warning signs are taught in week 1
    ]
    assert [x.slug for x in view.coming_next()] == ["your-calming-system", "sleep-and-pain"]
    assert view.opened_early() == []


def test_it_shows_a_held_lesson_with_the_reason_and_without_its_body(ana):
    plan("hold", "your-flare-plan")
    lesson = status(ana, "your-flare-plan")
    assert (lesson.state, lesson.reason, lesson.openable) == (
        "held",
        "We would like to talk with you first.",
        False,
    )
    detail = lesson_for_patient(actor=ana, slug="your-flare-plan")
    assert detail.body is None and detail.check == ()


def test_it_never_shows_the_body_of_a_locked_lesson(ana):
    assert lesson_for_patient(actor=ana, slug="pacing").body is None
    with pytest.raises(NotFound):
        lesson_for_patient(actor=ana, slug="no-such-lesson")


def test_it_shows_the_newest_published_version_and_never_a_draft(ana):
    add_version(ana, "flares-pass", "draft", source="shipped")
    detail = lesson_for_patient(actor=ana, slug="flares-pass")
    assert "(new)" not in detail.status.title and detail.body != "A clearer version."
    add_version(ana, "flares-pass", "published")
    detail = lesson_for_patient(actor=ana, slug="flares-pass")
    assert detail.status.title.endswith("(new)") and detail.body == "A clearer version."


def test_it_counts_a_lesson_done_only_for_the_version_shown_now(ana):
    complete(ana, "flares-pass")
    add_version(ana, "flares-pass", "published")
    lesson = status(ana, "flares-pass")
    assert not lesson.done and lesson.done_earlier_version
    today = today_for_patient(actor=ana)
    assert not today.lesson(lesson.module_id).done


@pytest.mark.parametrize("who", ["clin", "coord"])
def test_it_refuses_lessons_to_staff(ana, who):
    for read in (lessons_for_patient, today_for_patient):
        with pytest.raises(AccessDenied):
            read(actor=actor_for(who))
    with pytest.raises(AccessDenied):
        lesson_for_patient(actor=actor_for(who), slug="pain-is-protection")


def test_it_shows_nothing_to_a_patient_not_enrolled(ana):
    view = lessons_for_patient(actor=actor_for("ben"))
    assert view.plan is None and view.lessons == ()


def test_it_uses_each_patients_own_local_date(db):
    make_patient("Lee", username="lee", timezone="America/Los_Angeles", start=START)
    make_patient("Kei", username="kei", timezone="Asia/Tokyo", start=START)
    instant = datetime(2026, 3, 8, 20, 0, tzinfo=UTC)  # Sunday in LA, Monday in Tokyo
    la = lessons_for_patient(actor=actor_for("lee"), now=instant)
    tokyo = lessons_for_patient(actor=actor_for("kei"), now=instant)
    assert (la.local_date, la.plan.week) == (date(2026, 3, 8), 1)
    assert (tokyo.local_date, tokyo.plan.week) == (date(2026, 3, 9), 2)
    assert [s.module.slug for s in tokyo.plan.due_today()] == ["over-protective-alarm"]
    assert la.plan.due_today() == []
