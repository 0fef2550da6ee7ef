"""An existing clinic database meets the reordered curriculum: db/content.py moves every module to
its new week at once and keeps its id, so a patient who already did a moved lesson keeps it done;
changed words wait as drafts (patients keep reading the published words until a clinician
publishes them); the new lesson arrives published."""

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import func, select

from db.actions import complete_module
from db.content import sync_content
from db.engine import read_session, write_session
from db.models import Module, ModuleCompletion, ModuleVersion, Program
from db.queries import lesson_for_patient, lessons_for_patient
from db.seed import PROGRAM_SLUG
from program.lessons import load_lessons
from tests.utils import actor_for, make_patient

# Where each lesson sat before the reorder (week, order).
OLD_PLACES = {
    "pain-is-protection": (1, 1),
    "hurt-and-harm": (1, 2),
    "your-care-team": (1, 3),
    "over-protective-alarm": (2, 1),
    "your-system-can-learn": (2, 2),
    "danger-and-safety-signals": (3, 1),
    "adding-safety": (3, 2),
    "fear-avoidance-cycle": (4, 1),
    "small-steps-out": (4, 2),
    "pacing": (5, 1),
    "moving-on-a-plan": (5, 2),
    "flares-pass": (6, 1),
    "your-flare-plan": (6, 2),
    "stress-and-the-volume": (7, 1),
    "mood-and-pain": (7, 2),
    "sleep-and-pain": (8, 1),
    "sleep-habits": (8, 2),
    "your-calming-system": (9, 1),
    "noticing-without-judging": (9, 2),
    "thoughts-and-attention": (10, 1),
    "getting-back-to-what-matters": (10, 2),
    "medicines-one-tool": (11, 2),
    "setbacks-are-part-of-the-path": (12, 1),
    "keeping-your-gains": (12, 2),
}
# Lessons whose words the reorder left as they were: they only move.
SAME_WORDS = {
    "hurt-and-harm",
    "danger-and-safety-signals",
    "adding-safety",
    "fear-avoidance-cycle",
    "mood-and-pain",
    "thoughts-and-attention",
    "getting-back-to-what-matters",
    "medicines-one-tool",
}
OLD_WORDS = "These were the words before the reorder."
# Ana is in week 6 of the old curriculum and did these, some of which move later, some earlier.
DONE = ("pain-is-protection", "your-system-can-learn", "danger-and-safety-signals", "pacing",
        "moving-on-a-plan", "flares-pass")  # fmt: skip


def old_curriculum():
    old = []
    for lesson in load_lessons():
        if lesson.slug not in OLD_PLACES:
            continue  # written for the reorder: not in the old database
        week, order = OLD_PLACES[lesson.slug]
        body = lesson.body if lesson.slug in SAME_WORDS else f"{lesson.body}\n\n{OLD_WORDS}"
        old.append(replace(lesson, week=week, order=order, body=body))
    return old


def sync(lessons=None):
    with write_session() as session:
        program = session.exec(select(Program).where(Program.slug == PROGRAM_SLUG)).first()
        if program is None:
            program = Program(slug=PROGRAM_SLUG, title="Recalibrate 12-week program", weeks=12)
            session.add(program)
            session.flush()
        return sync_content(session, program, lessons)


def modules() -> dict[str, tuple[int, int, int]]:
    with read_session() as session:
        return {m.slug: (m.id, m.week, m.order) for m in session.exec(select(Module))}


@pytest.fixture
def ana(db, frozen):
    """Week 1 began on Monday 9 February: at FROZEN_NOW (18 March) Ana is in week 6."""
    assert sync(old_curriculum()).created == len(OLD_PLACES)
    make_patient("Ana", username="ana", start=date(2026, 2, 9))
    actor = actor_for("ana")
    for slug in DONE:
        lesson = lesson_for_patient(actor=actor, slug=slug)
        right = [q.answer for q in lesson.check]
        complete_module(
            actor=actor, module_version_id=lesson.status.version_id, check_answers=right
        )
    return actor


def test_it_moves_every_module_to_its_new_week_and_keeps_its_id(ana):
    before = modules()
    report = sync()
    after = modules()
    shipped = {lesson.slug: (lesson.week, lesson.order) for lesson in load_lessons()}
    assert {slug: (week, order) for slug, (_, week, order) in after.items()} == shipped
    assert {slug: after[slug][0] for slug in before} == {s: i for s, (i, *_) in before.items()}
    assert (report.created, report.drafts, report.unchanged) == (
        1,  # the new lesson on long stress
        len(OLD_PLACES) - len(SAME_WORDS),
        len(SAME_WORDS),
    )


def test_it_keeps_every_completion_of_a_moved_lesson(ana):
    done_before = {s.slug: s.version_id for s in lessons_for_patient(actor=ana).lessons if s.done}
    sync()
    statuses = {s.slug: s for s in lessons_for_patient(actor=ana).lessons}
    assert {slug for slug, s in statuses.items() if s.done} == set(DONE)
    assert {slug: statuses[slug].version_id for slug in DONE} == done_before
    assert (statuses["moving-on-a-plan"].week, statuses["pacing"].week) == (2, 8)
    with read_session() as session:
        assert session.exec(select(func.count(ModuleCompletion.id))).one() == len(DONE)


def test_it_opens_the_lessons_that_moved_earlier_and_keeps_later_ones_for_their_week(ana):
    sync()
    statuses = {s.slug: s for s in lessons_for_patient(actor=ana).lessons}
    # Breathing and sleep moved from weeks 8 and 9 to week 4: open now, not done yet.
    for slug in ("your-calming-system", "sleep-and-pain"):
        assert (statuses[slug].week, statuses[slug].openable, statuses[slug].done) == (
            4,
            True,
            False,
        )
    # Danger and safety signals moved from week 3 to week 5: still open and still done.
    assert statuses["danger-and-safety-signals"].openable
    # Pacing the day moved from week 5 to week 8: done before, so it stays done.
    assert statuses["pacing"].done


def test_it_keeps_the_published_words_until_a_clinician_publishes_the_draft(ana):
    sync()
    assert OLD_WORDS in lesson_for_patient(actor=ana, slug="your-system-can-learn").body
    with read_session() as session:
        drafts = session.exec(
            select(Module.slug)
            .join(ModuleVersion, ModuleVersion.module_id == Module.id)
            .where(ModuleVersion.status == "draft")
        ).all()
    assert set(drafts) == set(OLD_PLACES) - SAME_WORDS
    new = lesson_for_patient(actor=ana, slug="when-stress-goes-on")
    assert new.status.week == 9 and new.status.openable is False


def test_it_keeps_a_done_lesson_that_moved_to_a_later_week_open_to_read_and_redo(ana):
    sync()
    lesson = lesson_for_patient(actor=ana, slug="your-system-can-learn")  # week 2 -> week 7
    assert lesson.status.week == 7 and lesson.status.openable and lesson.body
    again = complete_module(
        actor=ana,
        module_version_id=lesson.status.version_id,
        check_answers=[q.answer for q in lesson.check],
    )
    assert again.result.correct == 2
    # A lesson of that week not done before stays locked until its week.
    assert not lesson_for_patient(actor=ana, slug="getting-back-to-what-matters").status.openable
