"""Demo data for the program editor and the records that leave the app.

- A clinician's draft of one lesson waiting to be published (the editor's "Drafts waiting").
- Maria Santos (week 5) with a baseline CSI and one held lesson (her weekly PEGs and her baseline
  and week-4 PHQ-9 and GAD-7 come from db/seed_rules.py, where they make the mood rule fire): her
  plan page, visit summary and FHIR bundle show every section.
The demo patient Alex keeps no questionnaire history (the browser tests fill in this week's PEG).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.lookups import plan_events
from db.models import (
    Enrolment,
    Module,
    ModuleVersion,
    Patient,
    PlanEvent,
    Program,
    QuestionnaireResponse,
    User,
)
from program.curriculum import program_week
from program.measures import get_instrument, score
from program.vocabulary import PlanEventKind, QuestionnaireCode, VersionSource, VersionStatus

DRAFT_SLUG = "your-system-can-learn"
DRAFT_NOTE = "Adds a line on asking the care team about a hard day."
DRAFT_LINE = (
    "\n\nIf a day feels hard, you can tell your care team. They can help you plan the next step."
)
# (instrument, program week, the total the answers add up to)
MARIA_SCORES = ((QuestionnaireCode.CSI, 0, 42),)


def _answers(code: str, total: int) -> dict[str, int]:
    """Item answers (each within its scale) that add up to ``total``."""
    items = get_instrument(code).items
    answers: dict[str, int] = {}
    left = total
    for n, item in enumerate(items):
        top = max(o.value for o in item.options)
        share = min(top, -(-left // (len(items) - n)))  # spread evenly, rounding up
        answers[item.key] = share
        left -= share
    return answers


def _draft(session: Session, program: Program, clinician: User, now: datetime) -> None:
    module = session.exec(
        select(Module).where(Module.program_id == program.id, Module.slug == DRAFT_SLUG)
    ).first()
    if module is None:
        return
    live = session.exec(
        select(ModuleVersion)
        .where(ModuleVersion.module_id == module.id)
        .order_by(ModuleVersion.number.desc())
    ).first()
    session.add(
        ModuleVersion(
            module_id=module.id,
            number=live.number + 1,
            status=VersionStatus.DRAFT,
            title=live.title,
            summary=live.summary,
            body=live.body + DRAFT_LINE,
            minutes=live.minutes,
            check=live.check,
            source=VersionSource.CLINICIAN,
            change_note=DRAFT_NOTE,
            created_by=clinician.id,
            created_at=now - timedelta(days=1),
        )
    )


def _maria(session: Session, program: Program, clinician: User, now: datetime) -> None:
    found = session.exec(
        select(Patient, Enrolment)
        .join(Enrolment, Enrolment.patient_id == Patient.id)
        .where(Patient.record_number == "DEMO-0002")
    ).first()
    if found is None:
        return
    maria, enrolment = found
    today = local_today(maria.timezone, now)
    for code, week, total in MARIA_SCORES:
        answers = _answers(code, total)
        result = score(code, answers)
        day = (enrolment.week1_start or today) + timedelta(days=7 * week - (1 if week == 0 else 0))
        session.add(
            QuestionnaireResponse(
                patient_id=maria.id,
                instrument=code,
                answers=answers,
                total=result.total,
                band=result.band,
                positive=result.positive,
                program_week=week,
                local_date=min(day, today),
                taken_at=datetime.combine(min(day, today), datetime.min.time(), now.tzinfo)
                + timedelta(hours=15),
            )
        )
    week = program_week(enrolment.week1_start, today, plan_events(session, enrolment.id))
    module = session.exec(
        select(Module)
        .where(Module.program_id == program.id, Module.week == week)
        .order_by(Module.order, Module.slug)
    ).first()
    if module is not None:
        session.add(
            PlanEvent(
                enrolment_id=enrolment.id,
                kind=PlanEventKind.HOLD,
                module_id=module.id,
                effective_date=today - timedelta(days=1),
                reason="We will go over this one together at your next visit.",
                actor_id=clinician.id,
                created_at=now - timedelta(days=1),
            )
        )


def seed_editor_demo(session: Session, program: Program, clinician: User, now: datetime) -> None:
    """The editor's waiting draft and Maria's questionnaires and held lesson (see above)."""
    session.flush()
    _draft(session, program, clinician, now)
    _maria(session, program, clinician, now)
    session.flush()
