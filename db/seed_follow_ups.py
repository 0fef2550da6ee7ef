"""Demo follow-ups: a prompt for the demo patient, and a request in each state on the demo panel.

- Alex (demo-patient): a GAD-7 of 15 two weeks in opened a "soon" mood flag the way a save does,
  so Today shows the prompt with "Schedule a follow-up" and "Not now".
- Maria: asked by phone about her mood flag; the coordinator noted two times that suit her
  (requested).
- Grace: her fever flag was booked by the coordinator after two calls (scheduled, tomorrow).
- Tom: a visit last week, done, with a plan change and "Why your plan changed".
- Dev: asked, then cancelled ("I am feeling better").
- Omar: no check-ins lately; a message left (outreach on his low-adherence flag).

Rows are written in the seed's own transaction (the actions each open their own).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from core.clock import local_today
from db.actions.flags import open_or_update_flag
from db.lookups import current_enrolment
from db.models import (
    Flag,
    FollowUpRequest,
    Module,
    OutreachAttempt,
    Patient,
    PlanEvent,
    QuestionnaireResponse,
    User,
    Visit,
)
from program.follow_ups import visit_start
from program.measures import score
from program.rules import mood_flag
from program.vocabulary import (
    FlagStatus,
    FollowUpStatus,
    OutreachMethod,
    PlanEventKind,
    QuestionnaireCode,
    VisitModality,
)

GAD7_ANSWERS = {"1": 3, "2": 3, "3": 2, "4": 2, "5": 2, "6": 2, "7": 1}  # total 15: "soon"


def _visit(request: FollowUpRequest, patient: Patient, day: date, at: time, **extra) -> Visit:
    return Visit(
        request_id=request.id,
        patient_id=patient.id,
        local_date=day,
        local_time=at,
        timezone=patient.timezone,
        starts_at=visit_start(day, at, patient.timezone),
        modality=request.modality,
        uid=f"{uuid.uuid4()}@recalibrate",
        **extra,
    )


def _alex_prompt(session: Session, alex: Patient, now: datetime) -> None:
    today = local_today(alex.timezone, now)
    day = today - timedelta(days=5)
    result = score(QuestionnaireCode.GAD7, GAD7_ANSWERS)
    session.add(
        QuestionnaireResponse(
            patient_id=alex.id,
            instrument=QuestionnaireCode.GAD7,
            answers=GAD7_ANSWERS,
            total=float(result.total),
            band=result.band,
            positive=result.positive,
            program_week=2,
            local_date=day,
            taken_at=now - timedelta(days=5),
        )
    )
    spec = mood_flag(QuestionnaireCode.GAD7, result.total, day, program_week=2)
    open_or_update_flag(session, alex.id, spec, now=now - timedelta(days=5))


def seed_follow_ups(session: Session, now: datetime) -> None:
    """The demo's follow-ups (see the module docstring); needs seed_demo's people and flags."""
    users = {u.username: u for u in session.exec(select(User))}
    coordinator, clinician = users["demo-coordinator"], users["demo-clinician"]
    people = {p.family_name: p for p in session.exec(select(Patient))}
    _alex_prompt(session, people["Rivera"], now)

    def request(patient: Patient, status: str, **extra) -> FollowUpRequest:
        row = FollowUpRequest(
            patient_id=patient.id,
            status=status,
            asked_on=local_today(patient.timezone, now) - timedelta(days=2),
            created_at=now - timedelta(days=2),
            created_by=coordinator.id,
            updated_at=now,
            **extra,
        )
        session.add(row)
        session.flush()
        return row

    maria = people["Santos"]
    mood = session.exec(select(Flag).where(Flag.patient_id == maria.id, Flag.rule == "mood")).one()
    request(
        maria,
        FollowUpStatus.REQUESTED,
        modality=VisitModality.TELEHEALTH,
        windows=[{"day": "tue", "time": "morning"}, {"day": "thu", "time": "afternoon"}],
        flag_id=mood.id,
    )

    grace = people["Okafor"]
    fever = session.exec(
        select(Flag).where(Flag.patient_id == grace.id, Flag.rule == "warning_sign")
    ).one()
    booked = request(
        grace, FollowUpStatus.SCHEDULED, modality=VisitModality.TELEHEALTH, flag_id=fever.id
    )
    tomorrow = local_today(grace.timezone, now) + timedelta(days=1)
    session.add(
        _visit(
            booked,
            grace,
            tomorrow,
            time(10, 0),
            clinician_id=clinician.id,
            booked_by=coordinator.id,
        )
    )
    for hours, method, note in (
        (30, OutreachMethod.NO_ANSWER, None),
        (4, OutreachMethod.CALLED, "Fever is down. Booked a video visit for tomorrow."),
    ):
        session.add(
            OutreachAttempt(
                patient_id=grace.id,
                request_id=booked.id,
                flag_id=fever.id,
                at=now - timedelta(hours=hours),
                method=method,
                note=note,
                by_id=coordinator.id,
            )
        )

    tom = people["Becker"]
    done = request(tom, FollowUpStatus.COMPLETED, modality=VisitModality.IN_PERSON)
    seen_on = local_today(tom.timezone, now) - timedelta(days=6)
    enrolment = current_enrolment(session, tom.id)
    last_lesson = session.exec(
        select(Module).where(Module.program_id == enrolment.program_id, Module.week == 12)
    ).first()
    why = "We agreed to take the last lesson more slowly. It can wait until your flare settles."
    event = PlanEvent(
        enrolment_id=enrolment.id,
        kind=PlanEventKind.HOLD,
        module_id=last_lesson.id,
        effective_date=seen_on,
        reason=why,
        actor_id=clinician.id,
        created_at=now - timedelta(days=6),
    )
    session.add(event)
    session.flush()
    done.created_at = done.updated_at = now - timedelta(days=9)
    done.asked_on, done.completed_at = seen_on - timedelta(days=3), now - timedelta(days=6)
    done.created_by = clinician.id
    session.add(
        _visit(
            done,
            tom,
            seen_on,
            time(14, 0),
            clinician_id=clinician.id,
            booked_by=coordinator.id,
            outcome_note="Flare after a long drive. Reviewed pacing; holding week 12 for now.",
            plan_note=why,
            plan_event_id=event.id,
            completed_at=now - timedelta(days=6),
            completed_by=clinician.id,
        )
    )

    dev = people["Patel"]
    request(
        dev,
        FollowUpStatus.CANCELLED,
        modality=VisitModality.IN_PERSON,
        cancelled_at=now - timedelta(days=1),
        cancelled_by=coordinator.id,
        cancel_reason="I am feeling better (told the coordinator by phone)",
    )

    omar = people["Haddad"]
    quiet = session.exec(select(Flag).where(Flag.patient_id == omar.id)).first()
    if quiet is not None and quiet.status != FlagStatus.RESOLVED:
        session.add(
            OutreachAttempt(
                patient_id=omar.id,
                flag_id=quiet.id,
                at=now - timedelta(hours=20),
                method=OutreachMethod.LEFT_MESSAGE,
                note="Left a voicemail asking him to call back.",
                by_id=coordinator.id,
            )
        )
