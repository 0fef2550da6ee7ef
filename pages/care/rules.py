"""Rule settings (clinicians): the follow-up rules' numbers for the program or one patient
(``?patient=<id>``), a cohort preview before saving, and every version with who, when and why."""

from __future__ import annotations

import streamlit as st

from db.access import AccessDenied
from db.actions import InvalidInput, change_rule_settings
from db.models import RuleSetting, max_length
from db.queries import (
    patients_for_staff,
    preview_rule_settings,
    rule_settings_for_patient,
    rule_settings_for_program,
)
from pages.shell.common import current_actor, view_token
from pages.shell.plain import plain
from program.clinic_hours import clinic_time
from program.rules.tuning import ALWAYS_ON_NOTE
from program.vocabulary import Role

PENDING = "rules-pending"  # the previewed change: (scope, changes, preview)
REASON_MAX = max_length(RuleSetting, "reason")
EVERYONE = "Everyone in the program"


def _patient_param() -> int | None:
    raw = st.query_params.get("patient")
    return int(raw) if raw and raw.isdigit() else None


def _typed(row, value: float) -> float:
    """What a number input holds, as the setting stores it (a percent as a fraction)."""
    return round(value / 100, 4) if row.percent else value


def _input(row, scope: str, fallback: str):
    """One number to edit, with what it means, where it comes from and what it falls back to."""
    shown = row.value * 100 if row.percent else row.value
    low, high = (row.low * 100, row.high * 100) if row.percent else (row.low, row.high)
    whole = row.whole or row.percent
    kind = int if whole else float
    value = st.number_input(
        f"{row.label}{' (%)' if row.percent else ''}",
        min_value=kind(low),
        max_value=kind(high),
        value=kind(round(min(max(shown, low), high), 4)),  # a stored value out of range still opens
        step=kind(1 if whole else 0.1),
        key=f"rule-{scope}-{row.name}",
    )
    now = f"Now {row.shown} ({row.source.lower()})"
    if row.below != row.value:
        now += f"; {fallback}: {_shown(row, row.below)}"
    st.caption(f"{row.meaning} {now}.")
    return value


def _shown(row, value: float) -> str:
    return f"{value * 100:g}%" if row.percent else (f"{value:g}" if row.whole else f"{value:.1f}")


actor = current_actor()
st.title("Rule settings")

patients = patients_for_staff(actor=actor, role=Role.CLINICIAN, view=view_token())
by_id = {p.id: p for p in patients}
wanted = _patient_param()
choices = [None, *by_id]
choice = st.selectbox(
    "Settings for",
    choices,
    index=choices.index(wanted) if wanted in by_id else 0,
    format_func=lambda i: EVERYONE if i is None else f"{by_id[i].name} ({by_id[i].record_number})",
)
if wanted is not None and wanted not in by_id and choice is None:
    st.warning("That patient is not on your care team. These are the program's settings.")
if choice is None:
    st.query_params.pop("patient", None)
else:
    st.query_params["patient"] = str(choice)
PROGRAM = "rules-program"  # the program chosen, when the clinic has more than one
try:
    if choice is None:
        view = rule_settings_for_program(actor=actor, program_id=st.session_state.get(PROGRAM))
        if len(view.programs) > 1:
            titles = dict(view.programs)
            picked = st.selectbox(
                "Program", list(titles), index=list(titles).index(view.program_id),
                format_func=titles.get,
            )  # fmt: skip
            if picked != view.program_id:
                st.session_state[PROGRAM] = picked
                st.rerun()
    else:
        view = rule_settings_for_patient(actor=actor, patient_id=choice, view=view_token())
except AccessDenied:
    st.warning("This patient has no current program you can see.")
    st.stop()

scope = f"patient-{view.patient_id}" if view.patient_id else f"program-{view.program_id}"
if view.patient_id:
    st.markdown(
        f"For **{plain(view.patient_name)}** only, over the settings of "
        f"{plain(view.program_title)}. A number equal to the program's follows the program again."
    )
else:
    st.markdown(
        f"For everyone in **{plain(view.program_title)}**, unless a patient has their own. "
        "A number equal to the shipped default follows the default again."
    )

with st.container(border=True):
    st.markdown("**Always on: cannot be changed**")
    for title, text in view.always_on:
        st.markdown(f"- **{title}.** {text}")
    st.markdown(ALWAYS_ON_NOTE)

st.subheader("Thresholds")
with st.form(f"rules-edit-{scope}"):
    typed, heading = {}, None
    for row in view.rows:
        if row.rule != heading:
            heading = row.rule
            st.markdown(f"**{heading}**")
        fallback = "program" if view.patient_id else "shipped default"
        typed[row.name] = _typed(row, _input(row, scope, fallback))
    previewed = st.form_submit_button("Preview the change", type="primary", width="stretch")
if previewed:
    changes = {r.name: typed[r.name] for r in view.rows if typed[r.name] != r.value}
    if not changes:
        st.session_state.pop(PENDING, None)
        st.info("Nothing changed yet: change a number, then preview.")
    else:
        where = (
            {"patient_id": view.patient_id} if view.patient_id else {"program_id": view.program_id}
        )
        with st.spinner("Running the rules over today's patients..."):
            result = preview_rule_settings(actor=actor, changes=changes, view=view_token(), **where)
        st.session_state[PENDING] = (scope, changes, where, result)

pending = st.session_state.get(PENDING)
if pending and pending[0] == scope:
    _, changes, where, result = pending
    st.subheader("Preview before saving")
    for line in result.changes:
        st.markdown(f"- {line}")
    for problem in result.problems:
        st.error(problem)
    if not result.problems:
        st.markdown(
            f"Today the rules these numbers change flag **{result.flagged_before}** of "
            f"{result.checked} current patients. With this change: **{result.flagged_after}**."
        )
        st.markdown(
            "\n".join(f"- {name}: {old} now, {new} after" for name, old, new in result.by_rule)
        )
        if result.changed:
            st.markdown("**Patients whose flags would change**")
            for p in result.changed:
                before = ", ".join(p.before) or "not flagged"
                after = ", ".join(p.after) or "not flagged"
                st.markdown(
                    f"- **{plain(p.name)}** ({plain(p.record_number)}): {before}; after: {after}"
                )
        if result.changed_elsewhere:
            st.markdown(
                f"{result.changed_elsewhere} more patients not on your care team would change."
            )
        if not result.changed and not result.changed_elsewhere:
            st.info("No patient's flags would change today.")
        st.markdown(
            "Flags already open stay open until the care team resolves them. New flags open at "
            "the next rules run."
        )
        with st.form(f"rules-save-{scope}", clear_on_submit=True):
            reason = st.text_area(
                "Why this change (required; kept in the history)", max_chars=REASON_MAX
            )
            saved = st.form_submit_button(
                f"Save as version {view.version + 1}", type="primary", width="stretch"
            )
        if saved:
            try:
                change_rule_settings(actor=actor, changes=changes, reason=reason, **where)
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                st.session_state.pop(PENDING, None)
                st.toast("Rule settings saved.")
                st.rerun()
    if st.button("Discard this change", width="stretch"):
        st.session_state.pop(PENDING, None)
        st.rerun()

st.subheader("History")
if not view.history:
    below = "the program's settings apply" if view.patient_id else "the shipped defaults apply"
    st.markdown(f"No changes saved yet: {below}.")
for item in view.history:
    with st.container(border=True):
        st.markdown(
            f"**Version {item.version}** · {clinic_time(item.at, view.timezone)} · {plain(item.by)}"
        )
        st.markdown("\n".join(f"- {line}" for line in item.changes) or "- No change in numbers")
        st.markdown(f"Why: {plain(item.reason)}")
