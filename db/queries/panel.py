"""The care team's panel: their patients, one row each, and patient pickers.

One SQL statement answers every patient's row (db/queries/panel_sql.py), reading each patient's
PatientSummary; program.panel derives the columns, marks, filters and pages. The 7-day mean pain
and its change follow the rule of the patient's Progress (program.analytics), on the patient's own
local date, counted from the summary's strip of recent days. Adherence (program.adherence) is
counted from the summary and one SQL count of lessons for plain plans; patients whose plan has
pauses, holds or skips (a few) get the exact per-patient rule from their own rows, in three more
small queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfoNotFoundError

import pandas as pd
from sqlalchemy import func, text
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.lookups import PAUSE_KINDS, published_modules
from db.models import (
    CheckIn,
    Enrolment,
    FollowUpRequest,
    ModuleCompletion,
    ModuleVersion,
    Patient,
    PlanEvent,
    Program,
)
from db.models import QuestionnaireResponse as Response
from db.queries import query
from db.queries.panel_cache import cached_panel
from db.queries.panel_sql import first_check_ins, statement_for
from db.raw_frame import raw_frame
from db.read_audit import StaffRead, panel_of
from program.adherence import DueItems, adherence, due_items, lesson_offsets
from program.curriculum import ModuleRef, PlanEventRef, due_days, pause_state, program_week
from program.defaults import DEFAULTS
from program.panel import (
    ALL_COLUMNS,
    PANEL_COLUMNS,
    derive,
    first_days_pain,
    short_strips,
)
from program.panel_summary import RECENT_DAYS, answered_strip, pain_strip
from program.vocabulary import (
    ACTIVE_FOLLOW_UP_STATUSES,
    CARE_ROLES,
    MODULE_EVENT_KINDS,
    PAUSE_EVENT_KINDS,
    EnrolmentStatus,
)

__all__ = [
    "PANEL_COLUMNS",
    "PatientChoice",
    "RecentPanel",
    "panel_for_staff",
    "patients_for_staff",
    "recent_panel_for_staff",
]

# Plan changes that move what is due or when it opens: counted by the exact per-patient rule.
IRREGULAR_KINDS = (*PAUSE_EVENT_KINDS, *MODULE_EVENT_KINDS)


@query("panel_for_staff", audit=StaffRead(panel_of))
def panel_for_staff(*, actor: Actor, now: datetime | None = None) -> pd.DataFrame:
    """The actor's patients, one row each, most severe open flags first (program.panel columns).

    Worked out afresh each call; the panel page reads ``recent_panel_for_staff`` instead.
    """
    return panel_frame(actor, now or utcnow())


@dataclass(frozen=True)
class RecentPanel:
    rows: pd.DataFrame
    as_of: datetime  # when the rows were worked out (at most a minute ago)


@query("recent_panel_for_staff", audit=StaffRead(lambda recent: panel_of(recent.rows)))
def recent_panel_for_staff(*, actor: Actor, fresh: bool = False) -> RecentPanel:
    """The actor's panel, at most a minute old (db/queries/panel_cache.py); ``fresh``: now.

    Audited once per page view like every staff read, whether or not the copy was cached.
    """
    now = utcnow()
    rows, as_of = cached_panel(actor, now, lambda: panel_frame(actor, now), fresh=fresh)
    return RecentPanel(rows, as_of)


def panel_frame(actor: Actor, now: datetime) -> pd.DataFrame:
    """The panel itself, for the registered reads of this module and of panel_export (no
    permission check here: callers are guarded)."""
    where_visible = visible_patient_ids_clause(actor, CARE_ROLES, now.date())
    with read_session() as session:
        zones = session.exec(select(Patient.timezone).where(where_visible).distinct()).all()
        todays = {tz: _today(tz, now) for tz in zones}
        if not todays:  # nobody on the panel
            return pd.DataFrame(columns=ALL_COLUMNS)
        modules = _modules(session)
        offsets = {
            m: o
            for refs in modules.values()
            for m, o in lesson_offsets(refs, due_days(refs)).items()
        }
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":  # compiling this one statement costs more than running it
            session.execute(text("SET LOCAL jit = off"))
        # The driver's rows, not ORM or Row objects: 10,000 rows of plain values (db/raw_frame.py).
        statement = statement_for(dialect, where_visible, todays, offsets)
        raw = raw_frame(session.connection(), statement)
        if raw.empty:
            return pd.DataFrame(columns=ALL_COLUMNS)
        _first_days_pain(session, raw, todays)
        _cover_strips(session, raw, todays)
        events = _irregular_events(session, where_visible)
        _pauses_from_events(raw, events, todays)
        exact = _exact_rows(session, raw, events, todays, modules, offsets)
        follow_ups = _follow_ups(session, where_visible)
    frame = derive(raw, todays, sorted(offsets.values()))
    frame["follow_up"] = frame["patient_id"].map(follow_ups)
    if exact:
        fixed = pd.DataFrame.from_dict(exact, orient="index", columns=["week", "due", "done"])
        rows = frame["patient_id"].isin(fixed.index)
        found = fixed.loc[frame.loc[rows, "patient_id"]]
        frame.loc[rows, "items_due"] = found["due"].to_numpy()
        frame.loc[rows, "items_done"] = found["done"].to_numpy()
        share = (found["done"] / found["due"]).where(found["due"] > 0)
        frame.loc[rows, "adherence"] = share.to_numpy()
        moving = rows & (frame["status"] != EnrolmentStatus.PAUSED)
        frame.loc[moving, "week"] = fixed.loc[frame.loc[moving, "patient_id"], "week"].to_numpy()
    return _most_urgent_first(frame)


def _pauses_from_events(
    raw: pd.DataFrame, events: dict[int, list[PlanEventRef]], todays: dict[str, date]
) -> None:
    """Active or paused as the plan events say today, not the stored status: a pause ends by
    itself after its last day, and one planned for later has not started yet."""
    current = (EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED)
    with_pauses = [e for e, plan in events.items() if any(p.kind in PAUSE_KINDS for p in plan)]
    rows = raw["enrolment_id"].isin(with_pauses) & raw["status"].isin(current)
    if not rows.any():
        return
    now = [
        str(
            EnrolmentStatus.PAUSED
            if pause_state(events[e], todays[tz])[0]
            else EnrolmentStatus.ACTIVE
        )
        for e, tz in zip(raw.loc[rows, "enrolment_id"], raw.loc[rows, "timezone"], strict=True)
    ]
    # One assignment: setting text cells one by one copies the whole (Arrow) column each time.
    raw.loc[rows, "status"] = now


def _follow_ups(session: Session, where_visible) -> dict[int, str]:
    """Each visible patient's follow-up request in progress (requested or scheduled), if any."""
    rows = session.exec(
        select(FollowUpRequest.patient_id, FollowUpRequest.status)
        .join(Patient, Patient.id == FollowUpRequest.patient_id)
        .where(where_visible, FollowUpRequest.status.in_(ACTIVE_FOLLOW_UP_STATUSES))
    )
    return {patient_id: str(status) for patient_id, status in rows}


def _most_urgent_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Most severe open flags first, then the longest without a check-in (never: first)."""
    from program.panel import SORTS

    by, ascending, missing = SORTS["Most urgent first"]
    ordered = frame.sort_values(by=by, ascending=ascending, na_position=missing, kind="stable")
    return ordered.reset_index(drop=True)


def _first_days_pain(session: Session, raw: pd.DataFrame, todays: dict[str, date]) -> None:
    """``first_day`` and ``pain_first_days``: the first check-in since the enrolment's start and
    the mean pain of the 7 days from it, for the enrolled patients whose baseline week has no
    mean (a few: the baseline asks for three check-ins); the first 7 days stand in for the
    baseline week only there. Two small queries for those patients alone."""
    needed = raw["enrolment_id"].notna() & raw["pain_baseline_week"].isna()
    raw["first_day"] = None
    raw["pain_first_days"] = None
    if not needed.any():
        return
    conn = session.connection()
    enrolments = [int(e) for e in raw.loc[needed, "enrolment_id"]]
    firsts = {
        pid: day
        for pid, day in conn.execute(first_check_ins(enrolments, todays))
        if day is not None
    }
    if not firsts:
        return
    rows = conn.execute(
        select(CheckIn.patient_id, CheckIn.local_date, CheckIn.pain).where(
            CheckIn.patient_id.in_(list(firsts)),
            CheckIn.local_date >= min(firsts.values()),
            CheckIn.local_date <= max(firsts.values()) + timedelta(days=DEFAULTS.pain_window_days),
        )
    )
    pains = first_days_pain(rows, firsts)
    raw["first_day"] = raw["patient_id"].map(firsts).astype(object)
    raw["first_day"] = raw["first_day"].where(raw["first_day"].notna(), None)
    raw["pain_first_days"] = raw["patient_id"].map(pains)


def _cover_strips(session: Session, raw: pd.DataFrame, todays: dict[str, date]) -> None:
    """Rebuild, from those patients' own rows, the summary strips that do not reach back to
    today's windows (program.panel.short_strips: almost never), ending on the patient's today
    (pain) and on the last week due now (questionnaires)."""
    pain_short, answers_short, last_week = short_strips(raw, todays)
    conn = session.connection()
    if pain_short.any():
        short = raw[pain_short]
        since = min(todays[tz] for tz in set(short["timezone"])) - timedelta(days=RECENT_DAYS)
        pains: dict[int, dict[date, int]] = defaultdict(dict)
        for pid, day, pain in conn.execute(
            select(CheckIn.patient_id, CheckIn.local_date, CheckIn.pain).where(
                CheckIn.patient_id.in_([int(i) for i in short["patient_id"]]),
                CheckIn.local_date >= since,
            )
        ):
            pains[pid][day] = pain
        ends = [todays[tz] for tz in short["timezone"]]
        raw.loc[pain_short, "recent_pain"] = [
            pain_strip(end, pains[int(pid)])
            for pid, end in zip(short["patient_id"], ends, strict=True)
        ]
        raw.loc[pain_short, "recent_until"] = pd.Series(ends, index=short.index, dtype=object)
    if answers_short.any():
        short = raw[answers_short]
        answered: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for pid, code, week in conn.execute(
            select(Response.patient_id, Response.instrument, Response.program_week).where(
                Response.patient_id.in_([int(i) for i in short["patient_id"]])
            )
        ):
            answered[pid].append((code, week))
        weeks = [int(w) for w in last_week[answers_short]]
        raw.loc[answers_short, "answered"] = [
            answered_strip(w, answered[int(pid)])
            for pid, w in zip(short["patient_id"], weeks, strict=True)
        ]
        raw.loc[answers_short, "answered_week"] = weeks


def _today(timezone: str, now: datetime) -> date:
    try:
        return local_today(timezone, now)
    except (ZoneInfoNotFoundError, ValueError):  # never stored (validated), but never a crash
        return now.date()


def _modules(session: Session) -> dict[int, list[ModuleRef]]:
    """Each program's published lessons (a handful of programs, two dozen lessons each)."""
    return {pid: published_modules(session, pid) for pid in session.exec(select(Program.id))}


def _irregular_events(session: Session, where_visible) -> dict[int, list[PlanEventRef]]:
    """Plan events of the current enrolments whose plan has pauses, holds or skips, oldest first."""
    has_irregular = (
        select(PlanEvent.enrolment_id)
        .join(Enrolment, Enrolment.id == PlanEvent.enrolment_id)
        .join(Patient, Patient.id == Enrolment.patient_id)
        .where(where_visible, PlanEvent.kind.in_(IRREGULAR_KINDS))
    )
    rows = session.connection().execute(
        select(
            PlanEvent.enrolment_id,
            PlanEvent.kind,
            PlanEvent.effective_date,
            PlanEvent.module_id,
            PlanEvent.reason,
            PlanEvent.id,
            PlanEvent.until_date,
        )
        .where(PlanEvent.enrolment_id.in_(has_irregular))
        .order_by(PlanEvent.id)
    )
    events: dict[int, list[PlanEventRef]] = defaultdict(list)
    for enrolment_id, kind, day, module_id, reason, sequence, until in rows:
        events[enrolment_id].append(
            PlanEventRef(kind, day, module_id, reason, sequence, until=until)
        )
    return events


def _exact_rows(
    session: Session,
    raw: pd.DataFrame,
    events: dict[int, list[PlanEventRef]],
    todays: dict[str, date],
    modules: dict[int, list[ModuleRef]],
    offsets: dict[int, int],
) -> dict[int, tuple[int, int, int]]:
    """Week, items due and done by the exact rule for patients with irregular plans.

    What is due comes first, from the plans alone; then three queries read only what could
    count: the window's check-ins, completions of the lessons due, answers for the weeks due."""
    rows = raw[raw["enrolment_id"].isin(list(events))] if not raw.empty else raw
    if rows.empty:
        return {}
    own_offsets = {
        program: {m.id: offsets[m.id] for m in refs if m.id in offsets}
        for program, refs in modules.items()
    }
    exact: dict[int, tuple[int, int, int]] = {}
    due: dict[int, DueItems] = {}
    weeks: dict[int, int] = {}
    columns = ("patient_id", "timezone", "enrolment_id", "program_id", "status")
    dates = ("start_date", "week1_start")
    for pid, tz, enrolment, program, status, start, week1 in zip(
        *(rows[c].tolist() for c in columns), *(rows[c].to_numpy() for c in dates), strict=True
    ):
        today, plan = todays[tz], events[enrolment]
        weeks[pid] = program_week(week1, today, plan) if week1 else 0
        if status != EnrolmentStatus.ACTIVE:
            exact[pid] = (weeks[pid], 0, 0)
            continue
        due[pid] = due_items(
            today=today,
            start_date=start,
            week1_start=week1,
            events=plan,
            offsets=own_offsets.get(int(program), {}),
        )
    if not due:
        return exact
    ids = list(due)
    check_in_days = {d for items in due.values() for d in items.check_in_days}
    lessons = sorted({m for items in due.values() for m in items.lessons})
    program_weeks = sorted({w for items in due.values() for _, w in items.questionnaires})
    check_ins, completed, answered = defaultdict(set), defaultdict(dict), defaultdict(set)
    conn = session.connection()  # Core rows: no ORM bookkeeping for thousands of tuples
    if check_in_days:
        for pid, day in conn.execute(
            select(CheckIn.patient_id, CheckIn.local_date).where(
                CheckIn.patient_id.in_(ids),
                CheckIn.local_date.between(min(check_in_days), max(check_in_days)),
            )
        ):
            check_ins[pid].add(day)
    if lessons:
        for pid, module_id, day in conn.execute(
            select(
                ModuleCompletion.patient_id,
                ModuleVersion.module_id,
                func.min(ModuleCompletion.local_date),
            )
            .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.module_version_id)
            .where(ModuleCompletion.patient_id.in_(ids), ModuleVersion.module_id.in_(lessons))
            .group_by(ModuleCompletion.patient_id, ModuleVersion.module_id)
        ):
            completed[pid][module_id] = day
    if program_weeks:
        for pid, code, week in conn.execute(
            select(Response.patient_id, Response.instrument, Response.program_week).where(
                Response.patient_id.in_(ids), Response.program_week.in_(program_weeks)
            )
        ):
            answered[pid].add((code, week))
    for pid, items in due.items():
        done = adherence(
            items,
            check_in_dates=check_ins[pid],
            completed=completed[pid],
            responses=answered[pid],
        )
        exact[pid] = (weeks[pid], done.due, done.done)
    return exact


@dataclass(frozen=True)
class PatientChoice:
    id: int
    name: str
    record_number: str


@query("patients_for_staff", audit=StaffRead(panel_of))
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
