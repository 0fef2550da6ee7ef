"""Lessons as the patient sees them: this week's, earlier weeks', one to read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound
from db.engine import read_session
from db.lookups import (
    current_enrolment_with_program,
    newest_published_versions,
    plan_events,
    version_ref,
)
from db.models import Enrolment, ModuleCompletion, ModuleVersion, Program
from db.queries import query
from db.queries.common import own_patient
from program.curriculum import DayPlan, plan_for_day
from program.lessons import CheckQuestion, check_from_json, option_orders


@dataclass(frozen=True)
class LessonStatus:
    """One lesson as the patient sees it today: its newest published version and what they did."""

    module_id: int
    slug: str
    week: int
    order: int
    title: str
    summary: str
    minutes: int
    version_id: int
    state: str  # available | held | skipped | locked (program.curriculum)
    reason: str
    due_day: int
    done: bool  # this version was completed
    done_earlier_version: bool  # only an older version was completed
    check_correct: int | None  # the latest attempt's check result
    check_total: int | None
    completed_on: date | None  # first completion of this version

    @property
    def openable(self) -> bool:
        return self.state == "available"


def lesson_statuses(
    session: Session, patient_id: int, enrolment: Enrolment, program: Program, day: date
) -> tuple[DayPlan, tuple[LessonStatus, ...]]:
    """The day's plan and every lesson's status for one patient (three reads, no loops)."""
    rows = newest_published_versions(session, program.id, day)
    completions = session.exec(
        select(ModuleCompletion, ModuleVersion.module_id)
        .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
        .where(ModuleCompletion.patient_id == patient_id)
        .order_by(ModuleCompletion.completed_at, ModuleCompletion.id)
    ).all()
    plan = plan_for_day(
        [version_ref(m, v) for m, v in rows],
        plan_events(session, enrolment.id),
        enrolment.week1_start,
        day,
        program.weeks,
        done={module_id for _, module_id in completions},
    )
    versions = {m.id: (v.id, v.summary, v.minutes) for m, v in rows}
    by_module: dict[int, list[ModuleCompletion]] = {}
    for completion, module_id in completions:
        by_module.setdefault(module_id, []).append(completion)
    lessons = []
    for item in plan.modules:
        version_id, summary, minutes = versions[item.module.id]
        done = by_module.get(item.module.id, [])
        this_version = [c for c in done if c.module_version_id == version_id]
        latest = (this_version or done or [None])[-1]
        lessons.append(
            LessonStatus(
                module_id=item.module.id,
                slug=item.module.slug,
                week=item.module.week,
                order=item.module.order,
                title=item.module.title,
                summary=summary,
                minutes=minutes,
                version_id=version_id,
                state=item.state,
                reason=item.reason,
                due_day=item.due_day,
                done=bool(this_version),
                done_earlier_version=bool(done) and not this_version,
                check_correct=latest.check_correct if latest else None,
                check_total=latest.check_total if latest else None,
                completed_on=this_version[0].local_date if this_version else None,
            )
        )
    return plan, tuple(lessons)


@dataclass(frozen=True)
class LearnView:
    patient_name: str
    local_date: date
    plan: DayPlan | None
    lessons: tuple[LessonStatus, ...]

    def this_week(self) -> list[LessonStatus]:
        """This week's lessons (any state but locked), in order."""
        week = self.plan.week if self.plan else 0
        return [x for x in self.lessons if x.week == week and x.state != "locked"]

    def opened_early(self) -> list[LessonStatus]:
        """Later weeks' lessons the care team unlocked early."""
        week = self.plan.week if self.plan else 0
        return [x for x in self.lessons if x.week > week and x.openable]

    def earlier_weeks(self) -> list[LessonStatus]:
        """Earlier weeks' lessons, the most recent week first."""
        week = self.plan.week if self.plan else 0
        earlier = [x for x in self.lessons if x.week < week and x.state != "locked"]
        return sorted(earlier, key=lambda x: (-x.week, x.order))

    def coming_next(self) -> list[LessonStatus]:
        """Next week's lessons, still locked (shown, not openable)."""
        week = self.plan.week if self.plan else 0
        return [x for x in self.lessons if x.week == week + 1 and x.state == "locked"]


@query("lessons_for_patient")
def lessons_for_patient(*, actor: Actor, now: datetime | None = None) -> LearnView:
    """The patient's lessons: this week's, earlier weeks', with what they completed."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "lessons_for_patient", now)
        found = current_enrolment_with_program(session, patient.id)
        if found is None:
            return LearnView(patient.given_name, day, None, ())
        plan, lessons = lesson_statuses(session, patient.id, *found, day)
        return LearnView(patient.given_name, day, plan, lessons)


@dataclass(frozen=True)
class LessonDetail:
    patient_name: str
    status: LessonStatus
    body: str | None  # None unless the lesson is open to the patient today
    check: tuple[CheckQuestion, ...]
    # Per question, the original option indices in the order this patient sees them.
    option_orders: tuple[tuple[int, ...], ...] = ()


@query("lesson_for_patient")
def lesson_for_patient(*, actor: Actor, slug: str, now: datetime | None = None) -> LessonDetail:
    """One lesson to read: its newest published version, only when it is open to the patient."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "lesson_for_patient", now)
        found = current_enrolment_with_program(session, patient.id)
        if found is None:
            raise NotFound("enrolment")
        _, lessons = lesson_statuses(session, patient.id, *found, day)
        status = next((x for x in lessons if x.slug == slug), None)
        if status is None:
            raise NotFound("lesson")
        if not status.openable:
            return LessonDetail(patient.given_name, status, None, ())
        version = session.get(ModuleVersion, status.version_id)
        check = check_from_json(version.check)
        return LessonDetail(
            patient.given_name,
            status,
            version.body,
            check,
            option_orders(patient.id, status.slug, check),
        )
