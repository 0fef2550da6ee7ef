"""sync_content: shipped lessons load as version 1; a changed file arrives as a draft, never over
what patients see and never over a clinician's edit."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from db.actions import complete_module
from db.content import sync_content
from db.engine import read_session, write_session
from db.models import Module, ModuleCompletion, ModuleVersion, Program
from db.queries import lesson_for_patient
from program.lessons import load_lessons
from tests.utils import actor_for, make_patient

LESSON = """---
slug: test-lesson
week: 1
order: 1
track: education
title: {title}
minutes: 4
summary: A short test lesson.
check:
  - question: "What is pain's main job?"
    options: ["To protect you", "To measure damage"]
    answer: 0
    right: "Yes. Pain protects you."
    wrong: "Not quite. Pain protects you."
  - question: "Is your pain real?"
    options: ["Yes", "No"]
    answer: 0
    right: "Yes. All pain is real."
    wrong: "All pain is real."
---
{body}
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "education").mkdir(parents=True)
    write(root, "Pain protects", "The first body.")
    return root


def write(root: Path, title: str, body: str, week: int = 1, order: int = 1) -> None:
    text = LESSON.format(title=title, body=body)
    text = text.replace("week: 1\norder: 1\n", f"week: {week}\norder: {order}\n")
    (root / "education" / "w01-1-test.md").write_text(text)


def placement() -> tuple[int, int]:
    with read_session() as session:
        module = session.exec(select(Module)).one()
        return module.week, module.order


def sync(root: Path):
    with write_session() as session:
        program = session.exec(select(Program).where(Program.slug == "test")).first()
        if program is None:
            program = Program(slug="test", title="Test program")
            session.add(program)
            session.flush()
        return sync_content(session, program, load_lessons(root))


def versions() -> list[tuple[int, str, str, str]]:
    with read_session() as session:
        rows = session.exec(select(ModuleVersion).order_by(ModuleVersion.number)).all()
        return [(v.number, v.status, v.source, v.title) for v in rows]


@pytest.fixture
def patient(db, frozen, content):
    sync(content)  # the test program exists first, so the patient is enrolled in it
    make_patient("Ana", username="ana", start=date(2026, 3, 2))
    return actor_for("ana")


def test_it_loads_shipped_content_as_the_first_published_version(db, content):
    report = sync(content)
    assert (report.created, report.drafts, report.unchanged) == (1, 0, 0)
    assert versions() == [(1, "published", "shipped", "Pain protects")]
    with read_session() as session:
        module = session.exec(select(Module)).one()
    assert (module.slug, module.week, module.order, module.track) == (
        "test-lesson",
        1,
        1,
        "education",
    )


def test_it_leaves_unchanged_content_alone(db, content):
    sync(content)
    report = sync(content)
    assert (report.created, report.drafts, report.unchanged) == (0, 0, 1)
    assert len(versions()) == 1


def test_it_brings_a_changed_file_in_as_a_draft_and_patients_keep_the_published_one(
    patient, content
):
    write(content, "Pain protects you", "A better body.")
    report = sync(content)
    assert report.drafts == 1
    assert versions() == [
        (1, "published", "shipped", "Pain protects"),
        (2, "draft", "shipped", "Pain protects you"),
    ]
    detail = lesson_for_patient(actor=patient, slug="test-lesson")
    assert detail.status.title == "Pain protects" and detail.body.strip() == "The first body."


def test_it_does_not_add_the_same_draft_twice(db, content):
    sync(content)
    write(content, "Pain protects you", "A better body.")
    sync(content)
    assert sync(content).drafts == 0
    assert [n for n, *_ in versions()] == [1, 2]


def test_it_never_replaces_a_clinicians_edit(patient, content):
    with write_session() as session:
        first = session.exec(select(ModuleVersion)).one()
        session.add(
            ModuleVersion(
                module_id=first.module_id,
                number=2,
                status="published",
                title="Pain protects (clinic's words)",
                body="Our clinic's version.",
                minutes=5,
                check=first.check,
                source="clinician",
            )
        )
    write(content, "Pain protects, revised", "A newer shipped body.")
    sync(content)
    assert versions() == [
        (1, "published", "shipped", "Pain protects"),
        (2, "published", "clinician", "Pain protects (clinic's words)"),
        (3, "draft", "shipped", "Pain protects, revised"),
    ]
    detail = lesson_for_patient(actor=patient, slug="test-lesson")
    assert detail.body == "Our clinic's version." and detail.status.minutes == 5


def test_it_moves_a_module_to_the_week_its_file_now_names_and_keeps_completions(patient, content):
    done = lesson_for_patient(actor=patient, slug="test-lesson").status
    complete_module(actor=patient, module_version_id=done.version_id, check_answers=[0, 0])
    write(content, "Pain protects", "The first body.", week=5, order=2)
    report = sync(content)
    # Only the place changed: the module moves at once, and no draft of the same words is made.
    assert placement() == (5, 2)
    assert (report.created, report.drafts, report.unchanged) == (0, 0, 1)
    assert sync(content).unchanged == 1 and len(versions()) == 1
    status = lesson_for_patient(actor=patient, slug="test-lesson").status
    assert (status.week, status.version_id, status.done) == (5, done.version_id, True)
    with read_session() as session:
        assert len(session.exec(select(ModuleCompletion)).all()) == 1


def test_it_moves_a_module_at_once_while_its_new_words_wait_as_a_draft(patient, content):
    write(content, "Pain protects you", "A better body.", week=2)
    assert sync(content).drafts == 1
    assert placement() == (2, 1)
    assert sync(content).drafts == 0
    assert versions() == [
        (1, "published", "shipped", "Pain protects"),
        (2, "draft", "shipped", "Pain protects you"),
    ]
    assert lesson_for_patient(actor=patient, slug="test-lesson").status.title == "Pain protects"
