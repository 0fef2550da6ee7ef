"""Shipped program content -> Module and ModuleVersion rows.

A new shipped file becomes version 1, published. A changed shipped file arrives as a *draft* for a
clinician to publish; it never replaces what patients see, nor a clinician's edit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import Session, select

from db.models import Module, ModuleVersion, Program
from program.lessons import Lesson, content_hash, load_lessons


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
        source="shipped",
    )


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
            session.add(_version_from(lesson, module.id, 1, "published"))
            created += 1
            continue
        versions = session.exec(
            select(ModuleVersion).where(ModuleVersion.module_id == module.id)
        ).all()
        if any(v.content_hash == content_hash(lesson) for v in versions):
            unchanged += 1
            continue
        number = max(v.number for v in versions) + 1
        session.add(_version_from(lesson, module.id, number, "draft"))
        drafts += 1
    session.flush()
    return SyncReport(created, drafts, unchanged)
