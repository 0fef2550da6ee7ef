"""The program editor's reads: every module by week and track with the version patients get, the
drafts waiting for a clinician, and one module's full version history (who wrote and published
each, from when, how many completions it has). Program content: no patient is named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound
from db.engine import read_session
from db.lookups import clinic_today, newest_published_versions
from db.models import Module, ModuleCompletion, ModuleVersion, Program, User
from db.queries import query
from db.read_audit import NoPatientData
from program.lessons import CheckQuestion, check_from_json
from program.vocabulary import VersionStatus

PROGRAM_CONTENT = NoPatientData("program content; completions are counted, no patient is named")


@dataclass(frozen=True)
class VersionRow:
    """One version of a module as the history lists it."""

    id: int
    number: int
    status: str  # VersionStatus
    source: str  # VersionSource
    title: str
    summary: str
    body: str
    minutes: int
    week: int  # the week it places the module in
    check: tuple[CheckQuestion, ...]
    change_note: str
    created_at: datetime
    created_by: str  # a clinician's name, or "" for the shipped lesson files
    effective_from: date | None
    published_at: datetime | None
    published_by: str
    completions: int

    @property
    def waiting(self) -> bool:
        return self.status == VersionStatus.DRAFT


@dataclass(frozen=True)
class ModuleRow:
    """One module on the editor's list: where it sits and what patients get today."""

    module_id: int
    slug: str
    track: str
    week: int
    order: int
    title: str
    live_number: int | None  # the version in effect today (clinic date); None: none yet
    scheduled: tuple[tuple[int, date], ...]  # (number, from) published for a later date
    drafts: int  # drafts newer than every published version


@dataclass(frozen=True)
class DraftRow:
    version_id: int
    module_id: int
    module_title: str
    week: int
    number: int
    source: str
    created_at: datetime
    created_by: str
    change_note: str


@dataclass(frozen=True)
class EditorOverview:
    program_title: str
    weeks: int
    today: date  # the clinic's date
    modules: tuple[ModuleRow, ...]
    drafts: tuple[DraftRow, ...]  # waiting for a clinician, oldest first

    def weeks_with_modules(self) -> list[int]:
        return sorted({m.week for m in self.modules})

    def tracks(self) -> list[str]:
        return sorted({m.track for m in self.modules})


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(select(User.id, User.display_name).where(User.id.in_(wanted))).all())


def _waiting(versions: list[ModuleVersion]) -> list[ModuleVersion]:
    """Drafts numbered above every published version (an older draft was overtaken)."""
    published = [v.number for v in versions if v.status == VersionStatus.PUBLISHED]
    top = max(published, default=0)
    return [v for v in versions if v.status == VersionStatus.DRAFT and v.number > top]


def _program(session: Session, program_id: int | None) -> Program:
    program = (
        session.get(Program, program_id)
        if program_id is not None
        else session.exec(select(Program).order_by(Program.id)).first()
    )
    if program is None:
        raise NotFound("program")
    return program


@query("program_modules_for_editor", audit=PROGRAM_CONTENT)
def program_modules_for_editor(
    *, actor: Actor, program_id: int | None = None, now: datetime | None = None
) -> EditorOverview:
    """Every module of the program by week and track, with the drafts waiting to be published."""
    now = now or utcnow()
    with read_session() as session:
        program = _program(session, program_id)
        today = clinic_today(session, now)
        live = {m.id: v for m, v in newest_published_versions(session, program.id, today)}
        modules = session.exec(select(Module).where(Module.program_id == program.id)).all()
        versions = session.exec(
            select(ModuleVersion)
            .join(Module, Module.id == ModuleVersion.module_id)
            .where(Module.program_id == program.id)
            .order_by(ModuleVersion.number)
        ).all()
        names = _names(session, (v.created_by for v in versions))
    by_module: dict[int, list[ModuleVersion]] = {}
    for version in versions:
        by_module.setdefault(version.module_id, []).append(version)
    rows, drafts = [], []
    for module in modules:
        own = by_module.get(module.id, [])
        current = live.get(module.id)
        shown = current or (own[-1] if own else None)
        week = (current.week if current else None) or module.week
        title = shown.title if shown else module.slug
        waiting = _waiting(own)
        rows.append(
            ModuleRow(
                module_id=module.id,
                slug=module.slug,
                track=module.track,
                week=week,
                order=module.order,
                title=title,
                live_number=current.number if current else None,
                scheduled=tuple(
                    (v.number, v.effective_from)
                    for v in own
                    if v.status == VersionStatus.PUBLISHED
                    and v.effective_from is not None
                    and v.effective_from > today
                ),
                drafts=len(waiting),
            )
        )
        drafts += [
            DraftRow(
                v.id,
                module.id,
                title,
                week,
                v.number,
                v.source,
                v.created_at,
                names.get(v.created_by, ""),
                v.change_note,
            )
            for v in waiting
        ]
    rows.sort(key=lambda r: (r.week, r.track, r.order, r.slug))
    drafts.sort(key=lambda d: (d.created_at, d.version_id))
    return EditorOverview(program.title, program.weeks, today, tuple(rows), tuple(drafts))


@dataclass(frozen=True)
class ModuleHistory:
    module_id: int
    slug: str
    track: str
    module_week: int  # the module's own place (a version may move it)
    weeks: int  # of the program
    today: date  # the clinic's date
    versions: tuple[VersionRow, ...]  # newest first
    live_number: int | None

    def live(self) -> VersionRow | None:
        return next((v for v in self.versions if v.number == self.live_number), None)

    def waiting(self) -> list[VersionRow]:
        """Drafts newer than every published version, newest first."""
        top = max(
            (v.number for v in self.versions if v.status == VersionStatus.PUBLISHED), default=0
        )
        return [v for v in self.versions if v.waiting and v.number > top]

    def working_copy(self) -> VersionRow | None:
        """What the editor opens on: the newest draft waiting, else the version patients get."""
        waiting = self.waiting()
        return (
            waiting[0] if waiting else self.live() or (self.versions[0] if self.versions else None)
        )

    def version(self, number: int) -> VersionRow | None:
        return next((v for v in self.versions if v.number == number), None)


def _check(raw: list[dict[str, Any]]) -> tuple[CheckQuestion, ...]:
    try:
        return check_from_json(raw or [])
    except ValueError:  # an old row the editor can still open (and fix)
        return ()


@query("module_for_editor", audit=PROGRAM_CONTENT)
def module_for_editor(
    *, actor: Actor, module_id: int, now: datetime | None = None
) -> ModuleHistory:
    """One module with every version: text, who wrote and published it, when, completions."""
    now = now or utcnow()
    with read_session() as session:
        module = session.get(Module, module_id)
        if module is None:
            raise NotFound(f"module {module_id}")
        program = session.get(Program, module.program_id)
        today = clinic_today(session, now)
        live = {m.id: v.number for m, v in newest_published_versions(session, program.id, today)}
        versions = session.exec(
            select(ModuleVersion)
            .where(ModuleVersion.module_id == module.id)
            .order_by(ModuleVersion.number.desc())
        ).all()
        done = dict(
            session.exec(
                select(ModuleCompletion.module_version_id, func.count(ModuleCompletion.id))
                .where(ModuleCompletion.module_version_id.in_([v.id for v in versions]))
                .group_by(ModuleCompletion.module_version_id)
            ).all()
        )
        names = _names(session, [id_ for v in versions for id_ in (v.created_by, v.published_by)])
    rows = tuple(
        VersionRow(
            id=v.id,
            number=v.number,
            status=v.status,
            source=v.source,
            title=v.title,
            summary=v.summary,
            body=v.body,
            minutes=v.minutes,
            week=v.week or module.week,
            check=_check(v.check),
            change_note=v.change_note,
            created_at=v.created_at,
            created_by=names.get(v.created_by, ""),
            effective_from=v.effective_from,
            published_at=v.published_at,
            published_by=names.get(v.published_by, ""),
            completions=done.get(v.id, 0),
        )
        for v in versions
    )
    return ModuleHistory(
        module.id,
        module.slug,
        module.track,
        module.week,
        program.weeks,
        today,
        rows,
        live.get(module.id),
    )
