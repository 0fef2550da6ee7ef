"""The clinician's movement controls for one patient, shown on the patient plan page.

``movement_controls(actor, patient_id)`` shows each chosen exercise with its baseline, this
week's level and target and the line the patient reads, the last week's logs and the patient's
flare plan; a clinician sets a level (one exercise or all) or the size of each step, from a date,
with a reason the patient sees. Each change is one ``change_plan`` call (movement_level /
movement_step); the rule carries on from the clinician's level (program/movement.py).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pandas as pd
import streamlit as st

from db.access import Actor
from db.actions import InvalidInput, change_plan
from db.models import PlanEvent, max_length
from db.queries import movement_for_clinician
from pages.shell.common import view_token
from pages.shell.plain import plain
from program.movement_plan import MoveState
from program.movement_wording import amount
from program.plan_changes import HIGHEST_LEVEL, STEP_PERCENT_RANGE
from program.vocabulary import PlanEventKind

ALL = "All exercises"
CHANGE = {PlanEventKind.MOVEMENT_LEVEL: "Level set", PlanEventKind.MOVEMENT_STEP: "Step size"}
STATE = {
    MoveState.BASELINE: "Finding the baseline",
    MoveState.WAITING: "Baseline done; starts with week 1",
    MoveState.PAUSED: "Paused: no target",
}


def _exercise(item, today) -> None:
    day, unit = item.day, item.exercise.unit
    st.markdown(f"**{item.exercise.name}**")
    if day.baseline is None:
        st.caption(f"{STATE[day.state]}: {day.baseline_days} of 3 days logged.")
        return
    days = ", ".join(str(n) for n in item.baseline_amounts)
    lines = [f"Baseline {day.baseline:.1f} {unit} (mean of the comfortable days {days})."]
    if day.state == MoveState.TARGET:
        week = (
            f"week {day.this_week.week} of its plan, level {day.this_week.level}, "
            if (day.this_week)
            else ("maintenance, " if day.maintenance else f"starts {day.starts_on:%a %d %b}, ")
        )
        lines.append(f"Today: {week}{day.share:.0%} of baseline = **{amount(day.target, unit)}**.")
        lines.append(f"The patient reads: “{plain(day.why)}”")  # with a typed reason
    else:
        lines.append(STATE[day.state] + ".")
    recent = [log for log in item.logs if log.local_date > today - timedelta(days=7)]
    if recent:
        results = Counter(log.result for log in recent)
        hard = sum(log.felt == "hard" for log in recent)
        lines.append(
            f"Last 7 days: {len(recent)} logged; as planned {results['as_planned']}, "
            f"less {results['less']}, more {results['more']}; felt hard {hard}."
        )
    st.markdown("\n\n".join(lines))
    if day.plan:
        weeks = [w for w in day.plan if w.first_day <= today]
        if weeks:
            st.dataframe(
                pd.DataFrame(
                    {
                        "week": [w.week for w in weeks],
                        "from": [w.first_day for w in weeks],
                        "level": [w.level for w in weeks],
                        "target": [round(w.target, 1) for w in weeks],
                        "why": [w.change.value for w in weeks],
                    }
                ),
                hide_index=True,
                width="stretch",
            )


def _level_form(actor: Actor, view) -> None:
    names = {item.exercise.name: item.exercise.slug for item in view.chosen}
    with st.form(f"movement-level-{view.patient_id}", clear_on_submit=True):
        st.markdown("**Set a level**")
        which = st.selectbox("Exercise", [ALL, *names])
        level = st.number_input(
            f"Level (0 = 80% of baseline; each level is {view.step_percent}% of baseline)",
            min_value=view.lowest_level,
            max_value=HIGHEST_LEVEL,
            value=0,
            step=1,
        )
        start = st.date_input("From", value=view.local_date)
        reason = st.text_area(
            "Reason (the patient sees this)", max_chars=max_length(PlanEvent, "reason")
        )
        if st.form_submit_button("Set level", type="primary"):
            details = {"level": int(level)} | ({"exercise": names[which]} if which != ALL else {})
            _change(actor, view, PlanEventKind.MOVEMENT_LEVEL, details, reason, start)


def _step_form(actor: Actor, view) -> None:
    low, high = STEP_PERCENT_RANGE
    with st.form(f"movement-step-{view.patient_id}", clear_on_submit=True):
        st.markdown("**Change the step size**")
        step = st.number_input(
            "Each level, in percent of baseline",
            min_value=low,
            max_value=high,
            value=view.step_percent,
            step=1,
        )
        start = st.date_input("From", value=view.local_date, key=f"step-from-{view.patient_id}")
        reason = st.text_area(
            "Reason (the patient sees this)",
            max_chars=max_length(PlanEvent, "reason"),
            key=f"step-reason-{view.patient_id}",
        )
        if st.form_submit_button("Change step", type="primary"):
            _change(
                actor, view, PlanEventKind.MOVEMENT_STEP, {"step_percent": int(step)}, reason, start
            )


def _change(actor: Actor, view, kind: str, details: dict, reason: str, start) -> None:
    try:
        change_plan(
            actor=actor,
            patient_id=view.patient_id,
            kind=kind,
            reason=reason,
            details=details,
            effective_date=start,
        )
    except InvalidInput as exc:
        st.error(str(exc))
    else:
        st.session_state[f"movement-saved-{view.patient_id}"] = f"{CHANGE[kind]}: saved."
        st.rerun()


def _said(change) -> str:
    if change.kind == PlanEventKind.MOVEMENT_STEP:
        return f"{change.details['step_percent']}% of baseline per level"
    where = change.details.get("exercise", "all exercises")
    return f"level {change.details['level']} ({where})"


def movement_controls(actor: Actor, patient_id: int) -> None:
    """Movement levels per exercise, and a clinician's level or step change with a reason."""
    view = movement_for_clinician(actor=actor, patient_id=patient_id, view=view_token())
    st.subheader("Movement")
    if saved := st.session_state.pop(f"movement-saved-{patient_id}", None):
        st.success(saved)
    if view.paused:
        st.info("The program is paused: no movement targets until it runs again.")
    if not view.chosen:
        st.caption("No exercises chosen yet.")
    for item in view.chosen:
        _exercise(item, view.local_date)
    with st.expander("The patient's flare plan"):
        plan = view.flare_plan
        if plan is None:
            st.caption("Not written yet.")
        for label, text in (
            ("What helps", plan and plan.helps),
            ("Whom they tell", plan and plan.tell),
            ("How they scale down", plan and plan.scale_down),
            ("How they build back up", plan and plan.build_up),
        ):
            if text:
                st.markdown(f"**{label}**")
                st.text(text)
    _level_form(actor, view)
    _step_form(actor, view)
    if view.changes:
        st.markdown("**Movement changes**")
        for change in view.changes:
            st.markdown(
                f"- {change.effective_date:%d %b %Y} · {CHANGE[change.kind]}: {_said(change)}"
            )
            st.text(change.reason)
