"""Every read a page needs, guarded like the actions, and set-based (no query per patient)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import ParamSpec, TypeVar

import pandas as pd
from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from core.settings import Settings, load_settings
from db.access import (
    Actor,
    NotFound,
    is_patient_only_login,
    require_patient,
    visible_patient_ids_clause,
)
from db.audit import verify
from db.auth import session_limits
from db.baseline import active_goals, baseline_pain, fresh_drafts, position_on, progress_for
from db.engine import read_session
from db.guard import guarded
from db.lookups import (
    PAUSE_KINDS,
    current_enrolment,
    current_enrolment_with_program,
    is_current_enrolment,
    module_ref,
    newest_published_versions,
    patient_today,
    plan_events,
    plan_events_by_enrolment,
    published_modules,
)
from db.models import (
    AuditEvent,
    CareTeamMember,
    CheckIn,
    Enrolment,
    Flag,
    Goal,
    LoginSession,
    ModuleCompletion,
    ModuleVersion,
    Patient,
    PlanEvent,
    Program,
    QuestionnaireResponse,
    User,
)
from program import analytics
from program.curriculum import (
    DayPlan,
    paused_dates,
    plan_for_day,
    program_week,
)
from program.lessons import CheckQuestion, check_from_json
from program.measures import get_instrument
from program.onboarding import (
    CONSENT_VERSION,
    OnboardingProgress,
    due_instruments,
    onboarding_screen,
)
from program.rules import SEVERITY_ORDER

OPEN_STATUSES = ("open", "acknowledged")
P = ParamSpec("P")
R = TypeVar("R")

QUERIES: dict[str, Callable[..., object]] = {}


def query(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a read a page needs behind POLICY[name] (db.guard); refusals are audited."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        run = guarded(name, fn)
        QUERIES[name] = run
        return run

    return wrap


@dataclass(frozen=True)
class TodayView:
    patient_name: str
    local_date: date
    timezone: str
    program_title: str | None
    plan: DayPlan | None
    check_in: CheckIn | None
    lessons: tuple[LessonStatus, ...] = ()

    def lesson(self, module_id: int) -> LessonStatus | None:
        return next((item for item in self.lessons if item.module_id == module_id), None)


@query("today_for_patient")
def today_for_patient(*, actor: Actor, now: datetime | None = None) -> TodayView:
    """What the patient's Today screen shows on their local date."""
    now = now or utcnow()
    with read_session() as session:
        if actor.patient_id is None:
            raise NotFound("patient")
        patient = session.get(Patient, actor.patient_id)
        day = patient_today(session, patient.id, now)
        require_patient(session, actor, "today_for_patient", patient.id, day)
        check_in = session.exec(
            select(CheckIn).where(CheckIn.patient_id == patient.id, CheckIn.local_date == day)
        ).first()
        found = current_enrolment_with_program(session, patient.id)
        if found is None:
            return TodayView(patient.given_name, day, patient.timezone, None, None, check_in)
        enrolment, program = found
        plan, lessons = _lesson_statuses(session, patient.id, enrolment, program, day)
        return TodayView(
            patient.given_name, day, patient.timezone, program.title, plan, check_in, lessons
        )


# --- lessons ----------------------------------------------------------------------------------


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


def _lesson_statuses(
    session: Session, patient_id: int, enrolment: Enrolment, program: Program, day: date
) -> tuple[DayPlan, tuple[LessonStatus, ...]]:
    """The day's plan and every lesson's status for one patient (three reads, no loops)."""
    rows = newest_published_versions(session, program.id)
    completions = session.exec(
        select(ModuleCompletion, ModuleVersion.module_id)
        .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
        .where(ModuleCompletion.patient_id == patient_id)
        .order_by(ModuleCompletion.completed_at, ModuleCompletion.id)
    ).all()
    plan = plan_for_day(
        [module_ref(m, v.title) for m, v in rows],
        plan_events(session, enrolment.id),
        enrolment.week1_start,
        day,
        program.weeks,
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
        patient, day = _own_patient(session, actor, "lessons_for_patient", now)
        found = current_enrolment_with_program(session, patient.id)
        if found is None:
            return LearnView(patient.given_name, day, None, ())
        plan, lessons = _lesson_statuses(session, patient.id, *found, day)
        return LearnView(patient.given_name, day, plan, lessons)


@dataclass(frozen=True)
class LessonDetail:
    patient_name: str
    status: LessonStatus
    body: str | None  # None unless the lesson is open to the patient today
    check: tuple[CheckQuestion, ...]
    last_answers: tuple[int, ...] | None  # the latest attempt at this version


@query("lesson_for_patient")
def lesson_for_patient(*, actor: Actor, slug: str, now: datetime | None = None) -> LessonDetail:
    """One lesson to read: its newest published version, only when it is open to the patient."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = _own_patient(session, actor, "lesson_for_patient", now)
        found = current_enrolment_with_program(session, patient.id)
        if found is None:
            raise NotFound("enrolment")
        _, lessons = _lesson_statuses(session, patient.id, *found, day)
        status = next((x for x in lessons if x.slug == slug), None)
        if status is None:
            raise NotFound("lesson")
        if not status.openable:
            return LessonDetail(patient.given_name, status, None, (), None)
        version = session.get(ModuleVersion, status.version_id)
        last = session.exec(
            select(ModuleCompletion.check_answers)
            .where(
                ModuleCompletion.patient_id == patient.id,
                ModuleCompletion.module_version_id == version.id,
            )
            .order_by(ModuleCompletion.completed_at.desc(), ModuleCompletion.id.desc())
        ).first()
        return LessonDetail(
            patient.given_name,
            status,
            version.body,
            check_from_json(version.check),
            tuple(last) if last else None,
        )


# --- progress ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    text: str
    achieved: bool


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
        patient, day = _own_patient(session, actor, "progress_for_patient", now)
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
                    QuestionnaireResponse.instrument == "PEG",
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
            select(Goal.text, Goal.achieved_at)
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
        goals=tuple(GoalRow(text, achieved is not None) for text, achieved in goals),
    )


# --- onboarding and questionnaires ------------------------------------------------------------


def _own_patient(
    session: Session, actor: Actor, action_name: str, now: datetime
) -> tuple[Patient, date]:
    if actor.patient_id is None:
        raise NotFound("patient")
    patient = session.get(Patient, actor.patient_id)
    if patient is None:
        raise NotFound("patient")
    day = patient_today(session, patient.id, now)
    require_patient(session, actor, action_name, patient.id, day)
    return patient, day


@dataclass(frozen=True)
class OnboardingState:
    patient_name: str
    consent_version: str  # the version the page shows and give_consent expects
    consented: bool
    goals: tuple[str, ...]
    progress: OnboardingProgress
    enrolled: bool
    in_baseline: bool  # enrolled and started, week 1 not begun yet: Today shows the steps
    week1_start: date | None
    baseline_pain_mean: float | None
    drafts: dict[str, int]  # instrument -> answers saved so far

    @property
    def needs_consent(self) -> bool:
        return not self.consented

    @property
    def screen(self) -> str:
        """consent, goals, baseline or done."""
        return onboarding_screen(self.progress, week1_started=self.week1_start is not None)


@query("onboarding_state")
def onboarding_state(*, actor: Actor, now: datetime | None = None) -> OnboardingState:
    """Consent, goals, the baseline steps and half-done questionnaires of the acting patient."""
    now = now or utcnow()
    with read_session() as session:
        patient, day = _own_patient(session, actor, "onboarding_state", now)
        enrolment = current_enrolment(session, patient.id)
        progress = progress_for(session, patient.id, enrolment, day)
        in_baseline = (
            enrolment is not None and enrolment.week1_start is None and day >= enrolment.start_date
        )
        return OnboardingState(
            patient_name=patient.given_name,
            consent_version=CONSENT_VERSION,
            consented=progress.consented,
            goals=tuple(g.text for g in active_goals(session, patient.id)),
            progress=progress,
            enrolled=enrolment is not None,
            in_baseline=in_baseline,
            week1_start=enrolment.week1_start if enrolment else None,
            baseline_pain_mean=baseline_pain(session, patient.id, enrolment, day)
            if enrolment
            else None,
            drafts={
                code: len(d.answers) for code, d in fresh_drafts(session, patient.id, now).items()
            },
        )


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
        patient, day = _own_patient(session, actor, "due_questionnaires", now)
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


# --- care team --------------------------------------------------------------------------------


PANEL_COLUMNS = [
    "patient_id",
    "name",
    "record_number",
    "week",
    "last_check_in",
    "mean_pain_7d",
    "emergency",
    "urgent",
    "soon",
    "routine",
    "open_flags",
]


@query("panel_for_staff")
def panel_for_staff(*, actor: Actor, now: datetime | None = None) -> pd.DataFrame:
    """The actor's patients, one row each, most severe open flags first (three queries in all)."""
    now = now or utcnow()
    today = now.date()
    where_visible = visible_patient_ids_clause(actor, ("coordinator", "clinician"), today)
    since = today - timedelta(days=6)
    last = (
        select(CheckIn.patient_id, func.max(CheckIn.local_date).label("last_check_in"))
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    recent = (
        select(CheckIn.patient_id, func.avg(CheckIn.pain).label("mean_pain_7d"))
        .where(CheckIn.local_date >= since)
        .group_by(CheckIn.patient_id)
        .subquery()
    )
    severity_counts = [
        func.sum(case((Flag.severity == s, 1), else_=0)).label(s) for s in SEVERITY_ORDER
    ]
    flags = (
        select(Flag.patient_id, *severity_counts)
        .where(Flag.status.in_(OPEN_STATUSES))
        .group_by(Flag.patient_id)
        .subquery()
    )
    query = (
        select(
            Patient.id,
            Patient.given_name,
            Patient.family_name,
            Patient.record_number,
            Patient.timezone,
            Enrolment.id,
            Enrolment.week1_start,
            Enrolment.status,
            last.c.last_check_in,
            recent.c.mean_pain_7d,
            *[flags.c[s] for s in SEVERITY_ORDER],
        )
        .outerjoin(Enrolment, (Enrolment.patient_id == Patient.id) & is_current_enrolment())
        .outerjoin(last, last.c.patient_id == Patient.id)
        .outerjoin(recent, recent.c.patient_id == Patient.id)
        .outerjoin(flags, flags.c.patient_id == Patient.id)
        .where(where_visible)
    )
    with read_session() as session:
        rows = session.exec(query).all()
        enrolment_ids = [r[5] for r in rows if r[5] is not None]
        pauses = plan_events_by_enrolment(session, enrolment_ids, PAUSE_KINDS)
    records = []
    for pid, given, family, mrn, tz, enrol_id, start, status, last_day, mean7, *counts in rows:
        day = local_today(tz, now)
        week = program_week(start, day, pauses.get(enrol_id, ())) if start else None
        if status == "active" and start is None:
            status = "baseline"
        counts = [int(c or 0) for c in counts]
        records.append(
            {
                "patient_id": pid,
                "name": f"{given} {family}",
                "record_number": mrn,
                "week": week if status != "paused" else None,
                "status": status or "not enrolled",
                "last_check_in": last_day,
                "mean_pain_7d": round(float(mean7), 1) if mean7 is not None else None,
                **dict(zip(SEVERITY_ORDER, counts, strict=True)),
                "open_flags": sum(counts),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=[*PANEL_COLUMNS, "status"])
    if frame.empty:
        return frame
    return frame.sort_values(
        by=[*SEVERITY_ORDER, "last_check_in"],
        ascending=[False] * len(SEVERITY_ORDER) + [True],
        na_position="first",
    ).reset_index(drop=True)


@dataclass(frozen=True)
class FlagRow:
    id: int
    patient_id: int
    patient_name: str
    rule: str
    severity: str
    status: str
    explanation: str
    opened_at: datetime
    acknowledge_note: str | None
    resolution_note: str | None


@query("flags_for_staff")
def flags_for_staff(
    *, actor: Actor, include_resolved: bool = False, now: datetime | None = None
) -> list[FlagRow]:
    """Flags of the actor's patients, most severe and oldest first."""
    now = now or utcnow()
    statuses = ("open", "acknowledged", "resolved") if include_resolved else OPEN_STATUSES
    rank = case(
        {s: i for i, s in enumerate(SEVERITY_ORDER)}, value=Flag.severity, else_=len(SEVERITY_ORDER)
    )
    with read_session() as session:
        rows = session.exec(
            select(Flag, Patient.given_name, Patient.family_name)
            .join(Patient, Patient.id == Flag.patient_id)
            .where(
                visible_patient_ids_clause(actor, ("coordinator", "clinician"), now.date()),
                Flag.status.in_(statuses),
            )
            .order_by(rank, Flag.opened_at)
        ).all()
    return [
        FlagRow(
            f.id,
            f.patient_id,
            f"{g} {fam}",
            f.rule,
            f.severity,
            f.status,
            f.explanation,
            f.opened_at,
            f.acknowledge_note,
            f.resolution_note,
        )
        for f, g, fam in rows
    ]


@dataclass(frozen=True)
class PatientChoice:
    id: int
    name: str
    record_number: str


@query("patients_for_staff")
def patients_for_staff(
    *, actor: Actor, role: str, now: datetime | None = None
) -> list[PatientChoice]:
    """The patients the actor looks after in ``role`` (for pickers)."""
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(Patient.id, Patient.given_name, Patient.family_name, Patient.record_number)
            .where(visible_patient_ids_clause(actor, (role,), now.date()))
            .order_by(Patient.family_name, Patient.given_name)
        ).all()
    return [PatientChoice(i, f"{g} {f}", mrn) for i, g, f, mrn in rows]


@dataclass(frozen=True)
class PlanView:
    patient_id: int
    patient_name: str
    program_title: str
    start_date: date
    plan: DayPlan
    history: list[PlanEvent]


@query("plan_for_clinician")
def plan_for_clinician(*, actor: Actor, patient_id: int, now: datetime | None = None) -> PlanView:
    """One patient's current plan and its change history."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "plan_for_clinician", patient_id, now.date())
        patient = session.get(Patient, patient_id)
        found = current_enrolment_with_program(session, patient_id)
        if found is None:
            raise NotFound("enrolment")
        enrolment, program = found
        events = plan_events(session, enrolment.id)
        plan = plan_for_day(
            published_modules(session, program.id),
            events,
            enrolment.week1_start,
            patient_today(session, patient.id, now),
            program.weeks,
        )
        history = session.exec(
            select(PlanEvent)
            .where(PlanEvent.enrolment_id == enrolment.id)
            .order_by(PlanEvent.id.desc())
        ).all()
        return PlanView(
            patient.id, patient.full_name, program.title, enrolment.start_date, plan, list(history)
        )


# --- admin ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminOverview:
    users: pd.DataFrame
    patients: pd.DataFrame
    staff: dict[str, list[tuple[int, str]]]
    patient_logins: list[tuple[int, str]]
    programs: list[tuple[str, str]]


@query("admin_overview")
def admin_overview(*, actor: Actor) -> AdminOverview:
    """Users, patients and the choices the enrolment forms need (no clinical data)."""
    with read_session() as session:
        users = session.exec(select(User).order_by(User.username)).all()
        linked = set(
            session.exec(select(Patient.user_id).where(Patient.user_id.is_not(None))).all()
        )
        patients = session.exec(
            select(Patient, Enrolment.start_date, Enrolment.status)
            .outerjoin(Enrolment, (Enrolment.patient_id == Patient.id) & is_current_enrolment())
            .order_by(Patient.family_name)
        ).all()
        programs = session.exec(select(Program.slug, Program.title)).all()
    user_frame = pd.DataFrame(
        [
            {
                "username": u.username,
                "name": u.display_name,
                "roles": ", ".join(u.roles),
                "active": u.active,
                "must change password": u.must_change_password,
            }
            for u in users
        ]
    )
    patient_frame = pd.DataFrame(
        [
            {
                "id": p.id,
                "name": p.full_name,
                "record": p.record_number,
                "time zone": p.timezone,
                "start": start,
                "status": status or "not enrolled",
            }
            for p, start, status in patients
        ]
    )
    staff = {
        role: [
            (u.id, f"{u.display_name} ({u.username})")
            for u in users
            if role in u.roles and u.active
        ]
        for role in ("coordinator", "clinician")
    }
    patient_logins = [
        (u.id, u.username) for u in users if "patient" in u.roles and u.id not in linked
    ]
    return AdminOverview(user_frame, patient_frame, staff, patient_logins, list(programs))


def care_team_of(session: Session, patient_id: int) -> list[CareTeamMember]:
    return list(
        session.exec(select(CareTeamMember).where(CareTeamMember.patient_id == patient_id)).all()
    )


# --- admin: accounts, sessions and the audit trail --------------------------------------------


def _live_sessions_clause(now: datetime, settings: Settings):
    """Sessions that would still let someone in: not ended, not expired, not idle too long."""
    _, staff_idle = session_limits("staff", settings)
    _, patient_idle = session_limits("patient", settings)
    return and_(
        LoginSession.revoked_at.is_(None),
        LoginSession.expires_at > now,
        or_(
            and_(LoginSession.kind == "staff", LoginSession.last_seen_at >= now - staff_idle),
            and_(LoginSession.kind != "staff", LoginSession.last_seen_at >= now - patient_idle),
        ),
    )


@dataclass(frozen=True)
class UserAccount:
    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    must_change_password: bool
    locked: bool
    live_sessions: int


@query("user_accounts")
def user_accounts(
    *, actor: Actor, settings: Settings | None = None, now: datetime | None = None
) -> list[UserAccount]:
    """Every login with its state and how many live sessions it has (one query)."""
    settings = settings or load_settings()
    now = now or utcnow()
    live = (
        select(LoginSession.user_id, func.count().label("n"))
        .where(_live_sessions_clause(now, settings))
        .group_by(LoginSession.user_id)
        .subquery()
    )
    with read_session() as session:
        rows = session.exec(
            select(User, live.c.n)
            .outerjoin(live, live.c.user_id == User.id)
            .order_by(User.username)
        ).all()
    return [
        UserAccount(
            u.id,
            u.username,
            u.display_name,
            tuple(u.roles),
            u.active,
            u.must_change_password,
            u.locked_until is not None and u.locked_until > now,
            int(n or 0),
        )
        for u, n in rows
    ]


@dataclass(frozen=True)
class LiveSession:
    id: int
    user_id: int
    username: str
    kind: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


@query("live_sessions")
def live_sessions(
    *,
    actor: Actor,
    settings: Settings | None = None,
    now: datetime | None = None,
    limit: int = 500,
) -> list[LiveSession]:
    """Sessions that could still be used, most recently active first."""
    settings = settings or load_settings()
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(LoginSession, User.username)
            .join(User, User.id == LoginSession.user_id)
            .where(_live_sessions_clause(now, settings))
            .order_by(LoginSession.last_seen_at.desc())
            .limit(max(1, min(limit, 2000)))
        ).all()
    return [
        LiveSession(s.id, s.user_id, name, s.kind, s.created_at, s.last_seen_at, s.expires_at)
        for s, name in rows
    ]


@dataclass(frozen=True)
class PatientLogin:
    user_id: int
    patient_id: int
    name: str
    record_number: str
    username: str
    active: bool
    must_change_password: bool


@query("patient_logins_for_staff")
def patient_logins_for_staff(*, actor: Actor, now: datetime | None = None) -> list[PatientLogin]:
    """Logins of the coordinator's own patients (for a temporary password)."""
    now = now or utcnow()
    with read_session() as session:
        rows = session.exec(
            select(Patient, User)
            .join(User, User.id == Patient.user_id)
            .where(visible_patient_ids_clause(actor, ("coordinator",), now.date()))
            .order_by(Patient.family_name, Patient.given_name)
        ).all()
    return [
        PatientLogin(
            u.id, p.id, p.full_name, p.record_number, u.username, u.active, u.must_change_password
        )
        for p, u in rows
        if is_patient_only_login(u)
    ]


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor_username: str | None
    action: str
    outcome: str
    patient_id: int | None
    detail: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    older_than: int | None  # pass as ``before_id`` for the next (older) page; None at the end
    actions: list[str]  # every action name in the trail, for the filter


AUDIT_PAGE_MAX = 200


@query("audit_events")
def audit_events(
    *,
    actor: Actor,
    username: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
    patient_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> AuditPage:
    """One page of the audit trail, newest first, filtered; never the whole table."""
    limit = max(1, min(limit, AUDIT_PAGE_MAX))
    where = []
    if username:
        where.append(AuditEvent.actor_username == username.strip().lower())
    if action:
        where.append(AuditEvent.action == action)
    if outcome:
        where.append(AuditEvent.outcome == outcome)
    if patient_id is not None:
        where.append(AuditEvent.patient_id == patient_id)
    if since is not None:
        where.append(AuditEvent.at >= datetime.combine(since, time.min, UTC))
    if until is not None:
        where.append(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min, UTC))
    if before_id is not None:
        where.append(AuditEvent.id < before_id)
    with read_session() as session:
        events = session.exec(
            select(AuditEvent).where(*where).order_by(AuditEvent.id.desc()).limit(limit + 1)
        ).all()
        actions = session.exec(
            select(AuditEvent.action).distinct().order_by(AuditEvent.action)
        ).all()
    rows = [
        AuditRow(e.id, e.at, e.actor_username, e.action, e.outcome, e.patient_id, e.detail)
        for e in events[:limit]
    ]
    older = rows[-1].id if len(events) > limit else None
    return AuditPage(rows, older, list(actions))


@query("verify_audit_chain")
def verify_audit_chain(*, actor: Actor) -> list[str]:
    """Problems in the hash chain (edited, removed or reordered rows); empty when intact."""
    with read_session() as session:
        return verify(session)
