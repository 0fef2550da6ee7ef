"""The program editor's writes: a clinician saves a module as a draft, publishes a draft from a
date, or sets a draft aside. Versions are never edited in place, so a completion keeps pointing at
the words the patient read (program/module_editing.py checks what is written).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound
from db.actions import InvalidInput, action
from db.actions.common import write_audit
from db.engine import write_session
from db.lookups import clinic_today
from db.models import Module, ModuleVersion, Program
from program.lessons import Lesson, check_from_json, content_hash
from program.module_editing import ModuleEdit, check_as_json, checked_edit
from program.vocabulary import VersionSource, VersionStatus

# How far ahead a version may be scheduled: far enough for a clinic's next quarter, not a typo.
LONGEST_SCHEDULE = timedelta(days=366)


def _module(session: Session, module_id: int) -> tuple[Module, Program]:
    module = session.get(Module, module_id)
    if module is None:
        raise NotFound(f"module {module_id}")
    return module, session.get(Program, module.program_id)


def _hash(module: Module, edit: ModuleEdit) -> str:
    lesson = Lesson(
        slug=module.slug,
        week=edit.week,
        order=module.order,
        track=module.track,
        title=edit.title,
        minutes=edit.minutes,
        summary=edit.summary,
        body=edit.body,
        check=edit.check,
    )
    return content_hash(lesson)


def _same_as(version: ModuleVersion, module: Module, edit: ModuleEdit) -> bool:
    try:
        check = check_from_json(version.check)
    except ValueError:
        return False
    return (
        version.title,
        version.summary,
        version.body.strip(),
        version.minutes,
        version.week or module.week,
        check,
    ) == (edit.title, edit.summary, edit.body, edit.minutes, edit.week, edit.check)


@action("save_module_draft")
def save_module_draft(
    *,
    actor: Actor,
    module_id: int,
    title: str,
    summary: str,
    body: str,
    minutes: int,
    week: int,
    check: list[dict[str, Any]],
    change_note: str = "",
    now: datetime | None = None,
) -> ModuleVersion:
    """Store a clinician's edit as the module's next version, a draft patients do not see yet."""
    now = now or utcnow()
    with write_session() as session:
        module, program = _module(session, module_id)
        try:
            edit = checked_edit(
                title=title,
                summary=summary,
                body=body,
                minutes=minutes,
                week=week,
                check=check,
                change_note=change_note,
                weeks=program.weeks,
            )
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        newest = session.exec(
            select(ModuleVersion)
            .where(
                ModuleVersion.module_id == module.id,
                ModuleVersion.status != VersionStatus.DISCARDED,
            )
            .order_by(ModuleVersion.number.desc())
        ).first()
        if newest is not None and _same_as(newest, module, edit):
            raise InvalidInput(f"Nothing has changed since version {newest.number}.")
        number = session.exec(
            select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)
        ).one()
        version = ModuleVersion(
            module_id=module.id,
            number=(number or 0) + 1,
            status=VersionStatus.DRAFT,
            title=edit.title,
            summary=edit.summary,
            body=edit.body,
            minutes=edit.minutes,
            # The module's own week is kept as None, so a shipped move of the module still applies.
            week=edit.week if edit.week != module.week else None,
            check=check_as_json(edit.check),
            content_hash=_hash(module, edit),
            source=VersionSource.CLINICIAN,
            change_note=edit.change_note,
            created_by=actor.user_id,
            created_at=now,
        )
        session.add(version)
        session.flush()
        write_audit(
            session, actor, "save_module_draft", detail=f"module {module.id} v{version.number}"
        )
        return version


def _draft(session: Session, version_id: int) -> ModuleVersion:
    version = session.get(ModuleVersion, version_id)
    if version is None:
        raise NotFound(f"module version {version_id}")
    if version.status != VersionStatus.DRAFT:
        raise InvalidInput(f"Version {version.number} is {version.status}, not a draft.")
    return version


@action("publish_module_version")
def publish_module_version(
    *,
    actor: Actor,
    version_id: int,
    effective_from: date | None = None,
    now: datetime | None = None,
) -> ModuleVersion:
    """Publish a draft: patients get it from ``effective_from`` (their own date; default: the
    clinic's today) until a newer version is published. Completions of older versions stay."""
    now = now or utcnow()
    with write_session() as session:
        version = _draft(session, version_id)
        today = clinic_today(session, now)
        day = effective_from or today
        if day < today:
            raise InvalidInput("A version cannot start in the past: choose today or a later date.")
        if day > today + LONGEST_SCHEDULE:
            raise InvalidInput("Please choose a start date within the next year.")
        module, program = _module(session, version.module_id)
        newer = session.exec(
            select(func.max(ModuleVersion.number)).where(
                ModuleVersion.module_id == module.id,
                ModuleVersion.status == VersionStatus.PUBLISHED,
            )
        ).one()
        if newer is not None and newer > version.number:
            raise InvalidInput(
                f"Version {newer} is already published and would still win over this older "
                "draft. Open this draft and save it again to make it the newest version."
            )
        if version.week is not None and version.week > program.weeks:
            raise InvalidInput(
                f"Week {version.week} is not part of this {program.weeks}-week program."
            )
        version.status = VersionStatus.PUBLISHED
        version.effective_from = day
        version.published_by = actor.user_id
        version.published_at = now
        session.add(version)
        session.flush()
        write_audit(
            session,
            actor,
            "publish_module_version",
            detail=f"module {module.id} v{version.number} from {day.isoformat()}",
        )
        return version


@action("discard_module_draft")
def discard_module_draft(*, actor: Actor, version_id: int) -> ModuleVersion:
    """Set a draft aside unpublished (kept in the history; a shipped draft is not offered again)."""
    with write_session() as session:
        version = _draft(session, version_id)
        version.status = VersionStatus.DISCARDED
        session.add(version)
        session.flush()
        write_audit(
            session,
            actor,
            "discard_module_draft",
            detail=f"module {version.module_id} v{version.number}",
        )
        return version
