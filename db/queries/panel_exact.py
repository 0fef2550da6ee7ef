"""The panel's exact rule for the few patients whose plan has pauses, holds or skips.

Their program week, status and adherence depend on each plan event (a pause that ends by itself,
a lesson held or unlocked early), so db/queries/panel.py counts them patient by patient here:
what is due first, from the plans alone, then three reads of only what could count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from db.lookups import PAUSE_KINDS
from db.models import CheckIn, Enrolment, ModuleCompletion, ModuleVersion, Patient, PlanEvent
from db.models import QuestionnaireResponse as Response
from program.adherence import DueItems, adherence, due_items
from program.curriculum import ModuleRef, PlanEventRef, pause_state, program_week
from program.vocabulary import MODULE_EVENT_KINDS, PAUSE_EVENT_KINDS, EnrolmentStatus

# Plan changes that move what is due or when it opens: counted by the exact per-patient rule.
IRREGULAR_KINDS = (*PAUSE_EVENT_KINDS, *MODULE_EVENT_KINDS)


def irregular_events(session: Session, where_visible) -> dict[int, list[PlanEventRef]]:
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


def pauses_from_events(
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


def exact_rows(
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
