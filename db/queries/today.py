"""The patient's Today screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.engine import read_session
from db.lookups import current_enrolment_with_program
from db.models import CheckIn, CheckInDraft
from db.queries import query
from db.queries.common import own_patient
from db.queries.lessons import LessonStatus, lesson_statuses
from program.curriculum import DayPlan


@dataclass(frozen=True)
class TodayView:
    patient_name: str
    local_date: date
    timezone: str
    program_title: str | None
    plan: DayPlan | None
    check_in: CheckIn | None
    lessons: tuple[LessonStatus, ...] = ()
    # Answers so far (save_check_in_draft) while today's check-in is not saved yet; else empty.
    draft_answers: dict[str, Any] = field(default_factory=dict)

    def lesson(self, module_id: int) -> LessonStatus | None:
        return next((item for item in self.lessons if item.module_id == module_id), None)


@query("today_for_patient")
def today_for_patient(*, actor: Actor, now: datetime | None = None) -> TodayView:
    """What the patient's Today screen shows on their local date."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "today_for_patient", now)
        check_in = session.exec(
            select(CheckIn).where(CheckIn.patient_id == patient.id, CheckIn.local_date == day)
        ).first()
        draft = None
        if check_in is None:
            draft = session.exec(
                select(CheckInDraft).where(
                    CheckInDraft.patient_id == patient.id, CheckInDraft.local_date == day
                )
            ).first()
        answers = dict(draft.answers) if draft is not None else {}
        found = current_enrolment_with_program(session, patient.id)
        if found is None:
            return TodayView(
                patient.given_name, day, patient.timezone, None, None, check_in, (), answers
            )
        enrolment, program = found
        plan, lessons = lesson_statuses(session, patient.id, enrolment, program, day)
        return TodayView(
            patient.given_name,
            day,
            patient.timezone,
            program.title,
            plan,
            check_in,
            lessons,
            answers,
        )
