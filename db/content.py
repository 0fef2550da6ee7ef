"""Shipped program content -> Module and ModuleVersion rows.

A new shipped file becomes version 1, published. A changed shipped file arrives as a *draft* for a
clinician to publish; it never replaces what patients see, nor a clinician's edit.

A module's place (week, order) is the program's structure, not a version's words: when a shipped
file names a new place the module moves at once, keeping its id, so completions and plan events
stay with it. Only a change of words makes a draft.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from sqlmodel import Session, select

from core.clock import utcnow
from db.models import Module, ModuleVersion, Program
from program.lessons import Lesson, check_from_json, content_hash, load_lessons
from program.vocabulary import VersionSource, VersionStatus


@dataclass(frozen=True)
class SyncReport:
    created: int = 0
    drafts: int = 0
    unchanged: int = 0


def _version_from(lesson: Lesson, module_id: int, number: int, status: str) -> ModuleVersion:
    return ModuleVersion(
        module_id=module_id,
        number=number,
        status=status,
        title=lesson.title,
        summary=lesson.summary,
        body=lesson.body,
        minutes=lesson.minutes,
        check=[asdict(q) for q in lesson.check],
        content_hash=content_hash(lesson),
        source=VersionSource.SHIPPED,
        # A new module's first version is in effect from the start (effective_from None).
        published_at=utcnow() if status == VersionStatus.PUBLISHED else None,
    )


def _same_words(lesson: Lesson, version: ModuleVersion) -> bool:
    """True when ``version`` holds the lesson's words, wherever the module sat when it was saved."""
    if version.content_hash == content_hash(lesson):
        return True
    try:
        check = check_from_json(version.check)
    except ValueError:
        return False
    stored = replace(
        lesson,
        title=version.title,
        summary=version.summary,
        body=version.body,
        minutes=version.minutes,
        check=check,
    )
    return content_hash(stored) == content_hash(lesson)


def sync_content(
    session: Session, program: Program, lessons: list[Lesson] | None = None
) -> SyncReport:
    """Bring the shipped lessons into the database inside the caller's transaction."""
    lessons = load_lessons() if lessons is None else lessons
    created = drafts = unchanged = 0
    for lesson in lessons:
        module = session.exec(
            select(Module).where(Module.program_id == program.id, Module.slug == lesson.slug)
        ).first()
        if module is None:
            module = Module(
                program_id=program.id,
                slug=lesson.slug,
                week=lesson.week,
                track=lesson.track,
                order=lesson.order,
            )
            session.add(module)
            session.flush()
            session.add(_version_from(lesson, module.id, 1, VersionStatus.PUBLISHED))
            created += 1
            continue
        if (module.week, module.order) != (lesson.week, lesson.order):
            module.week, module.order = lesson.week, lesson.order
            session.add(module)
        versions = session.exec(
            select(ModuleVersion).where(ModuleVersion.module_id == module.id)
        ).all()
        if any(_same_words(lesson, v) for v in versions):
            unchanged += 1
            continue
        number = max(v.number for v in versions) + 1
        session.add(_version_from(lesson, module.id, number, VersionStatus.DRAFT))
        drafts += 1
    session.flush()
    return SyncReport(created, drafts, unchanged)
