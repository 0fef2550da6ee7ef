"""Questionnaires due this program week, with any answers saved so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.baseline import fresh_drafts, position_on
from db.engine import read_session
from db.lookups import current_enrolment
from db.models import QuestionnaireResponse
from db.queries import query
from db.queries.common import own_patient
from program.measures import get_instrument
from program.onboarding import due_instruments


@dataclass(frozen=True)
class DueQuestionnaire:
    instrument: str
    title: str
    items: int
    program_week: int  # 0 = the baseline week
    answers: dict[str, int]  # saved so far; empty when not started

    @property
    def started(self) -> bool:
        return bool(self.answers)


@query("due_questionnaires")
def due_questionnaires(*, actor: Actor, now: datetime | None = None) -> list[DueQuestionnaire]:
    """Questionnaires due this program week and not done yet, with any answers saved so far."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "due_questionnaires", now)
        enrolment = current_enrolment(session, patient.id)
        if enrolment is None:
            return []
        position = position_on(session, enrolment, day)
        if position.paused or not position.started:
            return []  # nothing is due while the program is paused or before it begins
        completed = session.exec(
            select(QuestionnaireResponse.instrument).where(
                QuestionnaireResponse.patient_id == patient.id,
                QuestionnaireResponse.program_week == position.week,
                QuestionnaireResponse.local_date >= enrolment.start_date,
            )
        ).all()
        drafts = fresh_drafts(session, patient.id, now)
        due = []
        for code in due_instruments(position.week, completed):
            instrument = get_instrument(code)
            draft = drafts.get(code)
            due.append(
                DueQuestionnaire(
                    code,
                    instrument.title,
                    len(instrument.items),
                    position.week,
                    dict(draft.answers) if draft else {},
                )
            )
        return due
