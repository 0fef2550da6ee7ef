"""The visit summary's view (export/visit_summary.py renders it): the care team's version, a staff
read that is audited, and the patient's own "share with my doctor" version, which leaves out the
staff-only flags, notes, score bands and meaningful-change judgements."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, NotFound, require_patient
from db.engine import read_session
from db.lookups import clinic_timezone, current_enrolment_with_program, patient_today, plan_events
from db.models import CheckIn, Clinic, Flag, Goal, Patient, PlanEvent, QuestionnaireResponse
from db.queries import query
from db.queries.common import own_patient
from db.queries.lessons import lesson_statuses
from db.read_audit import StaffRead
from export.visit_summary import FlagLine, PlanLine, ScoreLine, VisitSummary, prepared_at
from program import analytics
from program.clinic_hours import zone_name
from program.curriculum import paused_dates, program_week
from program.flag_names import rule_name
from program.rules import flag_order_key
from program.visit_summary_wording import SCORE_TITLES, plan_words
from program.vocabulary import OPEN_FLAG_STATUSES, QuestionnaireCode

RECENT_DAYS = 14  # adherence window: due items done in the last 14 days
CHART_DAYS = 84  # the pain chart shows the last 12 weeks
NOTES_DAYS = 28  # medicines notes of the last 4 weeks (staff version)
OUT_OF = {"PEG": 10, "PHQ9": 27, "GAD7": 21, "CSI": 100}


def _pain_judgement(change: analytics.PainChange | None) -> str:
    if change is None:
        return "Not enough check-ins yet to compare the last 7 days with the first week."
    direction = "lower" if change.fall >= 0 else "higher"
    line = (
        "at or past the 30% line (IMMPACT: moderate)"
        if change.meaningful
        else "short of the 30% line (IMMPACT: moderate)"
    )
    return (
        f"7-day mean {change.recent:.1f} against {change.first_week:.1f} in the first week: "
        f"{abs(change.fall):.0%} {direction}, {line}."
    )


def _peg_judgement(change: analytics.PegChange | None) -> str:
    if change is None or change.latest is None:
        return "Only the baseline PEG so far." if change else "No PEG yet."
    mark = (
        "a meaningful fall (1.0 point or more)"
        if change.meaningful
        else "not a meaningful fall (needs 1.0 point or more)"
    )
    return (
        f"Latest {change.latest:.1f} against baseline {change.baseline:.1f} "
        f"({change.latest - change.baseline:+.1f}): {mark}."
    )


def _scores(session: Session, patient_id: int, staff: bool) -> tuple[ScoreLine, ...]:
    rows = session.exec(
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.patient_id == patient_id)
        .order_by(QuestionnaireResponse.taken_at)
    ).all()
    latest = {r.instrument: r for r in rows}
    return tuple(
        ScoreLine(
            title=SCORE_TITLES[code][0 if staff else 1],
            taken_on=latest[code].local_date,
            total=round(latest[code].total, 2),
            out_of=OUT_OF[code],
            band=latest[code].band if staff else None,
        )
        for code in SCORE_TITLES
        if code in latest
    )


def _flags(session: Session, patient_id: int, tz: str) -> tuple[FlagLine, ...]:
    rows = session.exec(
        select(Flag).where(Flag.patient_id == patient_id, Flag.status.in_(OPEN_FLAG_STATUSES))
    ).all()
    rows = sorted(rows, key=lambda f: flag_order_key(f.severity, f.rule, f.inputs, f.opened_at))
    return tuple(
        FlagLine(f.severity, rule_name(f.rule, f.inputs), _local(f.opened_at, tz), f.explanation)
        for f in rows
    )


def _local(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def build_summary(
    session: Session, patient: Patient, now: datetime, *, staff: bool
) -> VisitSummary:
    """The view of one patient's summary for the care team (``staff``) or for the patient."""
    found = current_enrolment_with_program(session, patient.id)
    if found is None:
        raise NotFound("enrolment")
    enrolment, program = found
    day = patient_today(session, patient.id, now)
    events = plan_events(session, enrolment.id)
    plan, lessons = lesson_statuses(session, patient.id, enrolment, program, day)
    check_ins = pd.DataFrame(
        session.exec(
            select(CheckIn.local_date, CheckIn.pain, CheckIn.medicines_note).where(
                CheckIn.patient_id == patient.id,
                CheckIn.local_date >= enrolment.start_date,
                CheckIn.local_date <= day,
            )
        ).all(),
        columns=["local_date", "pain", "medicines_note"],
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
    pain = analytics.daily_pain(check_ins[["local_date", "pain"]], day)
    baseline = None
    if enrolment.week1_start and enrolment.start_date < enrolment.week1_start:
        baseline = (enrolment.start_date, enrolment.week1_start)
    pain_change = analytics.compare_pain(pain, day, reference=baseline)
    peg = analytics.weekly_peg(pegs)
    peg_change = analytics.compare_peg(peg)
    window = {day - timedelta(days=n) for n in range(RECENT_DAYS)}
    due_days = window - paused_dates(events, day)
    check_in_days = set(check_ins["local_date"])
    open_lessons = [x for x in lessons if x.openable and x.week <= max(plan.week, 0)]
    weeks_of = [program_week(enrolment.week1_start, d, events) for d in check_in_days]
    tz = clinic_timezone(session)
    clinic = session.get(Clinic, 1)
    titles = {x.module_id: x.title for x in lessons}
    changes = session.exec(
        select(PlanEvent).where(PlanEvent.enrolment_id == enrolment.id).order_by(PlanEvent.id)
    ).all()
    goals = session.exec(
        select(Goal.text, Goal.achieved_at)
        .where(Goal.patient_id == patient.id, Goal.archived.is_(False))
        .order_by(Goal.created_at, Goal.id)
    ).all()
    recent_pain = pain[pain["date"] > pd.Timestamp(day - timedelta(days=CHART_DAYS))]
    notes_from = day - timedelta(days=NOTES_DAYS)
    local_now = now.astimezone(ZoneInfo(tz))
    return VisitSummary(
        audience="staff" if staff else "patient",
        clinic_name=clinic.name if clinic else "Recalibrate",
        prepared=prepared_at(local_now, zone_name(tz)),
        patient_name=patient.full_name,
        date_of_birth=patient.date_of_birth,
        record_number=patient.record_number,
        program_title=program.title,
        start_date=enrolment.start_date,
        week=plan.week,
        weeks=plan.weeks,
        paused=plan.paused,
        finished=plan.finished,
        check_ins_recent=len(check_in_days & due_days),
        recent_days=len(due_days),
        lessons_done=sum(1 for x in open_lessons if x.done or x.done_earlier_version),
        lessons_open=len(open_lessons),
        check_ins_per_week=tuple(
            (int(r.week), int(r.check_ins))
            for r in analytics.per_week(
                [w for w in weeks_of if w >= 1], min(plan.week, plan.weeks), "check_ins"
            ).itertuples()
        ),
        pain_days=tuple(
            (
                r.date.date(),
                None if pd.isna(r.pain) else float(r.pain),
                None if pd.isna(r.mean_7d) else round(float(r.mean_7d), 2),
            )
            for r in recent_pain.itertuples()
        ),
        pain_first_week=pain_change.first_week if pain_change else None,
        pain_recent=pain_change.recent if pain_change else None,
        peg=tuple((int(r.week), round(float(r.peg), 2)) for r in peg.itertuples()),
        scores=_scores(session, patient.id, staff),
        plan_changes=tuple(
            PlanLine(
                e.effective_date,
                plan_words(
                    e.kind,
                    titles.get(e.module_id, ""),
                    f"{e.until_date:%b} {e.until_date.day}" if e.until_date else "",
                    staff=staff,
                ),
                e.reason,
            )
            for e in changes
        ),
        goals=tuple(
            text + (" (reached)" if achieved is not None else "") for text, achieved in goals
        ),
        pain_judgement=_pain_judgement(pain_change) if staff else "",
        peg_judgement=_peg_judgement(peg_change) if staff else "",
        flags=_flags(session, patient.id, tz) if staff else (),
        medicine_notes=tuple(
            (r.local_date, r.medicines_note)
            for r in check_ins.sort_values("local_date").itertuples()
            if staff and r.medicines_note and r.local_date >= notes_from
        ),
    )


@query("visit_summary_for_staff", audit=StaffRead(lambda view: "visit summary (PDF)"))
def visit_summary_for_staff(
    *, actor: Actor, patient_id: int, now: datetime | None = None
) -> VisitSummary:
    """The care team's visit summary of one of their patients."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "visit_summary_for_staff", patient_id, now.date())
        return build_summary(session, session.get(Patient, patient_id), now, staff=True)


@query("my_visit_summary")
def my_visit_summary(*, actor: Actor, now: datetime | None = None) -> VisitSummary:
    """The patient's own summary to share with their doctor (no staff-only content)."""
    now = now or utcnow()
    with read_session() as session:
        patient, _ = own_patient(session, actor, "my_visit_summary", now)
        return build_summary(session, patient, now, staff=False)
