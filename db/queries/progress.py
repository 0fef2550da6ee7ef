"""The patient's own progress: outcomes (pain, PEG) and, apart, what they have done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlmodel import select

from core.clock import utcnow
from db.access import Actor
from db.engine import read_session
from db.lookups import current_enrolment_with_program, plan_events
from db.models import CheckIn, Goal, ModuleCompletion, ModuleVersion, QuestionnaireResponse
from db.queries import query
from db.queries.common import own_patient
from program import analytics
from program.curriculum import paused_dates, program_week
from program.vocabulary import QuestionnaireCode


@dataclass(frozen=True)
class GoalRow:
    text: str
    achieved: bool
    id: int | None = None


@dataclass(frozen=True)
class ProgressView:
    patient_name: str
    local_date: date
    week: int  # 0 before week 1
    pain: pd.DataFrame  # date, pain (NaN on days without a check-in), mean_7d
    pain_text: str
    pain_change: analytics.PainChange | None
    peg: pd.DataFrame  # week (0 = baseline), peg
    peg_text: str
    peg_change: analytics.PegChange | None
    lessons_per_week: pd.DataFrame  # week, lessons
    check_ins_per_week: pd.DataFrame  # week, check_ins
    check_ins: int
    lessons_done: int
    streak: int
    streak_text: str
    adherence_text: str
    goals: tuple[GoalRow, ...]


@query("progress_for_patient")
def progress_for_patient(*, actor: Actor, now: datetime | None = None) -> ProgressView:
    """The patient's own progress: outcomes (pain, PEG) and, apart, what they have done."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = own_patient(session, actor, "progress_for_patient", now)
        found = current_enrolment_with_program(session, patient.id)
        enrolment = found[0] if found else None
        events = plan_events(session, enrolment.id) if enrolment else []
        start = enrolment.week1_start if enrolment else None
        check_ins = pd.DataFrame(
            session.exec(
                select(CheckIn.local_date, CheckIn.pain, CheckIn.flare).where(
                    CheckIn.patient_id == patient.id,
                    CheckIn.local_date >= (enrolment.start_date if enrolment else date.min),
                    CheckIn.local_date <= day,
                )
            ).all(),
            columns=["local_date", "pain", "flare"],
        )
        pegs = pd.DataFrame(
            session.exec(
                select(
                    QuestionnaireResponse.program_week,
                    QuestionnaireResponse.taken_at,
                    QuestionnaireResponse.total,
                ).where(
                    QuestionnaireResponse.patient_id == patient.id,
                    QuestionnaireResponse.instrument == QuestionnaireCode.PEG,
                )
            ).all(),
            columns=["program_week", "taken_at", "total"],
        )
        completions = pd.DataFrame(
            session.exec(
                select(ModuleVersion.module_id, ModuleCompletion.local_date)
                .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
                .where(ModuleCompletion.patient_id == patient.id)
            ).all(),
            columns=["module_id", "local_date"],
        )
        goals = session.exec(
            select(Goal.text, Goal.achieved_at, Goal.id)
            .where(Goal.patient_id == patient.id, Goal.archived.is_(False))
            .order_by(Goal.created_at, Goal.id)
        ).all()
    week = program_week(start, day, events)
    weeks_of = {d: program_week(start, d, events) for d in set(check_ins["local_date"])}
    weeks_of |= {d: program_week(start, d, events) for d in set(completions["local_date"])}
    firsts = analytics.first_completions(completions)
    pain = analytics.daily_pain(check_ins[["local_date", "pain"]], day)
    baseline_week = None
    if enrolment and enrolment.week1_start and enrolment.start_date < enrolment.week1_start:
        baseline_week = (enrolment.start_date, enrolment.week1_start)
    pain_change = analytics.compare_pain(pain, day, reference=baseline_week)
    peg = analytics.weekly_peg(pegs)
    peg_change = analytics.compare_peg(peg)
    kept = analytics.kept_days(
        check_ins["local_date"],
        check_ins.loc[check_ins["flare"].astype(bool), "local_date"],
        paused_dates(events, day),
    )
    streak = analytics.current_streak(kept, day)
    return ProgressView(
        patient_name=patient.given_name,
        local_date=day,
        week=week,
        pain=pain,
        pain_text=analytics.pain_message(pain_change),
        pain_change=pain_change,
        peg=peg,
        peg_text=analytics.peg_message(peg_change),
        peg_change=peg_change,
        lessons_per_week=analytics.per_week(
            [weeks_of[d] for d in firsts["local_date"]], min(week, 12), "lessons"
        ),
        check_ins_per_week=analytics.per_week(
            [weeks_of[d] for d in check_ins["local_date"]], min(week, 12), "check_ins"
        ),
        check_ins=len(check_ins),
        lessons_done=len(firsts),
        streak=streak,
        streak_text=analytics.streak_message(streak),
        adherence_text=analytics.adherence_message(len(check_ins), len(firsts)),
        goals=tuple(GoalRow(text, achieved is not None, id_) for text, achieved, id_ in goals),
    )
