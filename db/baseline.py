"""Session helpers shared by the onboarding actions and queries (no permission checks here).

They gather the plain facts program.onboarding needs, so that "is the baseline done?" has one
answer whether a questionnaire, a check-in or the consent was the last missing piece.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from db.lookups import PAUSE_KINDS, current_enrolment, plan_events
from db.models import CheckIn, Consent, Enrolment, Goal, QuestionnaireDraft
from db.models import QuestionnaireResponse as Response
from program.curriculum import pause_state, program_week
from program.defaults import DEFAULTS
from program.onboarding import (
    CONSENT_STILL_VALID,
    OnboardingProgress,
    baseline_pain_mean,
    draft_is_fresh,
    onboarding_progress,
)


@dataclass(frozen=True)
class ProgramPosition:
    week: int  # 0 = the baseline week (or not started)
    paused: bool
    started: bool  # the enrolment's start date has come


def position_on(session: Session, enrolment: Enrolment, day: date) -> ProgramPosition:
    """The program week and pause state of ``enrolment`` on the patient's local ``day``."""
    events = plan_events(session, enrolment.id, PAUSE_KINDS)
    paused, _, _ = pause_state(events, day)
    return ProgramPosition(
        program_week(enrolment.week1_start, day, events), paused, day >= enrolment.start_date
    )


def current_consent(session: Session, patient_id: int) -> Consent | None:
    """The patient's newest agreement to a version of the terms that still stands, if any."""
    return session.exec(
        select(Consent)
        .where(Consent.patient_id == patient_id, Consent.version.in_(CONSENT_STILL_VALID))
        .order_by(Consent.accepted_at.desc(), Consent.id.desc())
    ).first()


def has_consent(session: Session, patient_id: int) -> bool:
    """Whether the patient agreed to a version of the program terms that still stands."""
    return current_consent(session, patient_id) is not None


def active_goals(session: Session, patient_id: int) -> list[Goal]:
    return list(
        session.exec(
            select(Goal)
            .where(Goal.patient_id == patient_id, Goal.archived.is_(False))
            .order_by(Goal.id)
        ).all()
    )


def baseline_instruments_done(session: Session, patient_id: int, since: date | None) -> set[str]:
    """Questionnaires done in the baseline week (program week 0) of the current enrolment."""
    query = select(Response.instrument).where(
        Response.patient_id == patient_id, Response.program_week == 0
    )
    if since is not None:
        query = query.where(Response.local_date >= since)
    return set(session.exec(query).all())


def baseline_check_in_days(session: Session, patient_id: int, start: date, day: date) -> int:
    return session.exec(
        select(func.count(func.distinct(CheckIn.local_date))).where(
            CheckIn.patient_id == patient_id,
            CheckIn.local_date >= start,
            CheckIn.local_date <= day,
        )
    ).one()


def progress_for(
    session: Session, patient_id: int, enrolment: Enrolment | None, day: date
) -> OnboardingProgress:
    """The patient's onboarding steps on ``day``, done or not."""
    start = enrolment.start_date if enrolment is not None else None
    return onboarding_progress(
        consented=has_consent(session, patient_id),
        goal_count=len(active_goals(session, patient_id)),
        done_instruments=baseline_instruments_done(session, patient_id, start),
        check_in_days=baseline_check_in_days(session, patient_id, start, day) if start else 0,
        check_in_days_needed=DEFAULTS.baseline_check_in_days,
    )


def complete_baseline_if_ready(session: Session, patient_id: int, day: date) -> bool:
    """Start week 1 on ``day`` when this write supplied the last missing baseline piece."""
    enrolment = current_enrolment(session, patient_id)
    if enrolment is None or enrolment.week1_start is not None or day < enrolment.start_date:
        return False
    if not progress_for(session, patient_id, enrolment, day).baseline_complete:
        return False
    enrolment.week1_start = day
    session.add(enrolment)
    return True


def baseline_pain(
    session: Session, patient_id: int, enrolment: Enrolment, day: date
) -> float | None:
    """Mean daily pain from the enrolment start until the baseline completed (or ``day``)."""
    end = enrolment.week1_start or day
    rows = session.exec(
        select(CheckIn.local_date, CheckIn.pain).where(
            CheckIn.patient_id == patient_id,
            CheckIn.local_date >= enrolment.start_date,
            CheckIn.local_date <= end,
        )
    ).all()
    return baseline_pain_mean(rows, start=enrolment.start_date, end=end)


def fresh_drafts(session: Session, patient_id: int, now: datetime) -> dict[str, QuestionnaireDraft]:
    """The patient's half-done questionnaires that may still be resumed, by instrument."""
    rows = session.exec(
        select(QuestionnaireDraft).where(QuestionnaireDraft.patient_id == patient_id)
    ).all()
    return {d.instrument: d for d in rows if draft_is_fresh(d.updated_at, now)}
