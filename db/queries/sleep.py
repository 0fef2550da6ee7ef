"""The sleep diary and bedtime plan: the patient's own (Sleep, Progress) and their clinician's view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from core.clock import utcnow
from db.access import Actor, require_patient
from db.engine import read_session
from db.lookups import current_enrolment, patient_today, plan_events
from db.models import Patient, SleepDiaryEntry
from db.queries import query
from db.queries.common import own_patient
from db.read_audit import StaffRead
from program.curriculum import PlanEventRef, program_week
from program.defaults import DEFAULTS
from program.sleep import SleepSummary, WeeklySleep, summary_by_week, weekly_summary
from program.sleep_schedule import SleepWindow, bedtime, scheduling_on, windows
from program.vocabulary import PlanEventKind

SCHEDULING_KINDS = (PlanEventKind.SLEEP_SCHEDULING_ON, PlanEventKind.SLEEP_SCHEDULING_OFF)


@dataclass(frozen=True)
class DiaryNight:
    """One saved night, as the diary shows it again (and fills the form to change it)."""

    night: date
    into_bed: time
    minutes_to_sleep: int
    awakenings: int
    minutes_awake: int
    final_wake: time
    out_of_bed: time
    quality: int
    time_in_bed: int
    total_sleep: int
    efficiency: float


@dataclass(frozen=True)
class BedtimePlan:
    """Bedtime scheduling, switched on by a clinician: the window for tonight and its bedtime."""

    since: date
    wake_time: str | None
    note: str
    window: SleepWindow | None  # None until the diary has 5 of the last 7 nights
    bedtime: str | None  # None without a window or a wake time
    history: tuple[SleepWindow, ...]


@dataclass(frozen=True)
class SleepView:
    patient_id: int
    patient_name: str
    today: date
    nights_to_choose: tuple[date, ...]  # last night first
    entries: dict[date, DiaryNight]  # every saved night
    last_week: WeeklySleep | None  # the last 7 nights
    weeks: dict[int, WeeklySleep]  # by program week (0 = before week 1), oldest first
    plan: BedtimePlan | None  # None: bedtime scheduling is off

    @property
    def latest_week(self) -> WeeklySleep | None:
        return self.weeks[max(self.weeks)] if self.weeks else None


def _night(row: SleepDiaryEntry) -> DiaryNight:
    return DiaryNight(
        row.night,
        row.into_bed,
        row.minutes_to_sleep,
        row.awakenings,
        row.minutes_awake,
        row.final_wake,
        row.out_of_bed,
        row.quality,
        row.time_in_bed,
        row.total_sleep,
        row.efficiency,
    )


def _plan(
    events: list[PlanEventRef], summaries: dict[date, SleepSummary], today: date
) -> BedtimePlan | None:
    state = scheduling_on(events, today)
    if state is None:
        return None
    found = windows(summaries, state.since, today)
    window = found[-1] if found else None
    return BedtimePlan(
        since=state.since,
        wake_time=state.wake_time,
        note=state.reason,
        window=window,
        bedtime=bedtime(state.wake_time, window.minutes) if window and state.wake_time else None,
        history=tuple(found),
    )


def _weeks(
    summaries: dict[date, SleepSummary], start: date | None, events: list[PlanEventRef]
) -> dict[int, WeeklySleep]:
    if start is None:  # not enrolled, or the baseline is not done: no program weeks yet
        return {}
    by_week = summary_by_week(summaries, lambda night: program_week(start, night, events))
    return dict(sorted(by_week.items()))


def sleep_view(session: Session, patient: Patient, today: date) -> SleepView:
    """One patient's diary, weekly sleep and bedtime plan on their local ``today`` (the callers
    check who asks)."""
    rows = session.exec(
        select(SleepDiaryEntry)
        .where(SleepDiaryEntry.patient_id == patient.id, SleepDiaryEntry.night < today)
        .order_by(SleepDiaryEntry.night)
    ).all()
    entries = {row.night: _night(row) for row in rows}
    summaries = {n: SleepSummary(e.time_in_bed, e.total_sleep) for n, e in entries.items()}
    enrolment = current_enrolment(session, patient.id)
    events = plan_events(session, enrolment.id) if enrolment else []
    recent = [
        summaries[n]
        for k in range(1, DEFAULTS.sleep_window_nights + 1)
        if (n := today - timedelta(days=k)) in summaries
    ]
    return SleepView(
        patient_id=patient.id,
        patient_name=patient.given_name,
        today=today,
        nights_to_choose=tuple(
            today - timedelta(days=k) for k in range(1, DEFAULTS.sleep_diary_nights_back + 1)
        ),
        entries=entries,
        last_week=weekly_summary(recent),
        weeks=_weeks(summaries, enrolment.week1_start if enrolment else None, events),
        plan=_plan([e for e in events if e.kind in SCHEDULING_KINDS], summaries, today),
    )


@query("sleep_for_patient")
def sleep_for_patient(*, actor: Actor, now: datetime | None = None) -> SleepView:
    """The patient's own diary, last 7 nights, weekly sleep and (when on) bedtime plan."""
    now = now or utcnow()
    with read_session() as session:
        patient, today = own_patient(session, actor, "sleep_for_patient", now)
        return sleep_view(session, patient, today)


@dataclass(frozen=True)
class SleepControls:
    """What a clinician sees before switching bedtime scheduling on or off."""

    sleep: SleepView
    patient_name: str  # full name
    switches: tuple[PlanEventRef, ...]  # every on/off, oldest first


@query("sleep_for_clinician", audit=StaffRead(lambda view: "sleep diary and bedtime plan"))
def sleep_for_clinician(
    *, actor: Actor, patient_id: int, now: datetime | None = None
) -> SleepControls:
    """One patient's recent diary and bedtime plan, for a clinician on their care team."""
    now = now or utcnow()
    with read_session() as session:
        require_patient(session, actor, "sleep_for_clinician", patient_id, now.date())
        patient = session.get(Patient, patient_id)
        view = sleep_view(session, patient, patient_today(session, patient_id, now))
        enrolment = current_enrolment(session, patient_id)
        switches = plan_events(session, enrolment.id, SCHEDULING_KINDS) if enrolment else []
        return SleepControls(view, patient.full_name, tuple(switches))
