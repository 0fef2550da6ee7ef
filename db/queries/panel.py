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
from sqlalchemy import text
from sqlmodel import Session, select

from core.clock import local_today, utcnow
from db.access import Actor, visible_patient_ids_clause
from db.engine import read_session
from db.lookups import published_modules
from db.models import (
    CheckIn,
    FollowUpRequest,
    Patient,
    Program,
)
from db.models import QuestionnaireResponse as Response
from db.queries import query
from db.queries.panel_cache import cached_panel
from db.queries.panel_exact import exact_rows, irregular_events, pauses_from_events
from db.queries.panel_sql import first_check_ins, statement_for
from db.raw_frame import raw_frame
from db.read_audit import StaffRead, panel_of
from program.adherence import lesson_offsets
from program.curriculum import ModuleRef, due_days
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
        inputs = panel_inputs(session, where_visible, now)
        todays, modules, offsets = inputs.todays, inputs.modules, inputs.offsets
        if not todays:  # nobody on the panel
            return pd.DataFrame(columns=ALL_COLUMNS)
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":  # compiling this one statement costs more than running it
            session.execute(text("SET LOCAL jit = off"))
        # The driver's rows, not ORM or Row objects: 10,000 rows of plain values (db/raw_frame.py).
        statement = statement_for(where_visible, todays, offsets)
        raw = raw_frame(session.connection(), statement)
        if raw.empty:
            return pd.DataFrame(columns=ALL_COLUMNS)
        _first_days_pain(session, raw, todays)
        _cover_strips(session, raw, todays)
        events = irregular_events(session, where_visible)
        pauses_from_events(raw, events, todays)
        exact = exact_rows(session, raw, events, todays, modules, offsets)
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


@dataclass(frozen=True)
class PanelInputs:
    """What the panel's statement takes besides the rows: each time zone's today, each program's
    published lessons and every lesson's due day (program days from week 1's first day)."""

    todays: dict[str, date]
    modules: dict[int, list[ModuleRef]]
    offsets: dict[int, int]


def panel_inputs(session: Session, where_visible, now: datetime) -> PanelInputs:
    """The panel's inputs for the patients ``where_visible`` selects (also the benchmark's)."""
    zones = session.exec(select(Patient.timezone).where(where_visible).distinct()).all()
    modules = _modules(session)
    offsets = {
        m: o for refs in modules.values() for m, o in lesson_offsets(refs, due_days(refs)).items()
    }
    return PanelInputs({tz: _today(tz, now) for tz in zones}, modules, offsets)


def _today(timezone: str, now: datetime) -> date:
    try:
        return local_today(timezone, now)
    except (ZoneInfoNotFoundError, ValueError):  # never stored (validated), but never a crash
        return now.date()


def _modules(session: Session) -> dict[int, list[ModuleRef]]:
    """Each program's published lessons (a handful of programs, two dozen lessons each)."""
    return {pid: published_modules(session, pid) for pid in session.exec(select(Program.id))}


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
