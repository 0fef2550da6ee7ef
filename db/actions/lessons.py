"""Lessons: marking one done, with the answers to its check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor, NotFound
from db.actions import InvalidInput, action
from db.actions.common import own_record, write_audit
from db.engine import write_session
from db.lookups import current_enrolment, plan_events, published_modules
from db.models import Module, ModuleCompletion, ModuleVersion
from program.curriculum import AVAILABLE, HELD, LOCKED, module_states, program_week
from program.lessons import CheckResult, check_from_json, grade_questions
from program.vocabulary import VersionStatus


@dataclass(frozen=True)
class LessonDone:
    completion: ModuleCompletion
    result: CheckResult


def _lesson_closed_message(state: str, week: int) -> str:
    if state == HELD:
        return "Your care team has paused this lesson for now, so it cannot be marked as done."
    if state == LOCKED:
        return f"This lesson is not open yet. It opens in week {week}."
    return "This lesson is not part of your plan right now."


@action("complete_module")
def complete_module(
    *,
    actor: Actor,
    module_version_id: int,
    check_answers: Sequence[int],
    now: datetime | None = None,
) -> LessonDone:
    """Mark a lesson version as done with the answers to its check (each attempt is kept)."""
    now = now or utcnow()
    with write_session() as session:
        patient_id, day = own_record(session, actor, "complete_module", now)
        version = session.get(ModuleVersion, module_version_id)
        module = session.get(Module, version.module_id) if version else None
        enrolment = current_enrolment(session, patient_id)
        if (
            version is None
            or version.status != VersionStatus.PUBLISHED
            or (version.effective_from is not None and version.effective_from > day)
            or enrolment is None
            or module.program_id != enrolment.program_id
        ):  # a version not yet in effect for this patient is not there for them either
            raise NotFound(f"module version {module_version_id}")
        events = plan_events(session, enrolment.id)
        # The module where its version in effect today puts it (an older version read is fine).
        ref = next(
            m for m in published_modules(session, enrolment.program_id, day) if m.id == module.id
        )
        week = program_week(enrolment.week1_start, day, events)
        done_before = session.exec(
            select(ModuleCompletion.id)
            .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
            .where(ModuleCompletion.patient_id == patient_id, ModuleVersion.module_id == module.id)
        ).first()
        (state,) = module_states([ref], events, week, day, [module.id] if done_before else [])
        if state.state != AVAILABLE:
            raise InvalidInput(_lesson_closed_message(state.state, module.week))
        answers = list(check_answers or [])
        try:
            result = grade_questions(check_from_json(version.check), answers, module.slug)
        except ValueError as exc:
            raise InvalidInput("Please answer every question first.") from exc
        completion = ModuleCompletion(
            patient_id=patient_id,
            module_version_id=version.id,
            local_date=day,
            completed_at=now,
            minutes=version.minutes,
            check_answers=answers,
            check_correct=result.correct,
            check_total=result.total,
        )
        session.add(completion)
        session.flush()
        write_audit(session, actor, "complete_module", patient_id, f"module version {version.id}")
        return LessonDone(completion, result)
