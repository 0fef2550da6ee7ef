"""Patient plan: hold, release, unlock or skip a module, or pause the program, with a reason."""

import streamlit as st

from db.access import AccessDenied
from db.actions import InvalidInput, change_plan
from db.models import PlanEvent, max_length
from db.queries import patients_for_staff, plan_for_clinician
from pages.shell.common import current_actor, view_token
from program.vocabulary import PlanEventKind, Role

STATE_LABEL = {"available": "Open", "held": "On hold", "skipped": "Skipped", "locked": "Not yet"}
MODULE_ACTIONS = {
    PlanEventKind.HOLD: "Put on hold",
    PlanEventKind.RELEASE: "Release hold",
    PlanEventKind.UNLOCK: "Unlock early",
    PlanEventKind.SKIP: "Skip",
}
REASON_MAX = max_length(PlanEvent, "reason")

actor = current_actor()
st.title("Patient plan")
patients = patients_for_staff(actor=actor, role=Role.CLINICIAN, view=view_token())
if not patients:
    st.info("You are not the clinician for any patient yet.")
    st.stop()
choice = st.selectbox("Patient", patients, format_func=lambda p: f"{p.name} ({p.record_number})")
try:
    view = plan_for_clinician(actor=actor, patient_id=choice.id, view=view_token())
except AccessDenied:
    st.warning("This patient has no active enrolment you can see.")
    st.stop()

plan = view.plan
status = (
    "paused"
    if plan.paused
    else ("finished" if plan.finished else f"week {plan.display_week} of {plan.weeks}")
)
st.markdown(f"**{view.program_title}** · started {view.start_date:%d %b %Y} · {status}")

rows = [
    {
        "Week": s.module.week,
        "Module": s.module.title,
        "Track": s.module.track,
        "State": STATE_LABEL[s.state],
        "Reason": s.reason,
    }
    for s in plan.modules
]
st.dataframe(rows, hide_index=True, width="stretch")

st.subheader("Change a module")
by_id = {s.module.id: s for s in plan.modules}
with st.form("module-change", clear_on_submit=True):
    module_id = st.selectbox(
        "Module",
        list(by_id),
        format_func=lambda i: (
            f"Week {by_id[i].module.week}: {by_id[i].module.title} ({STATE_LABEL[by_id[i].state]})"
        ),
    )
    kind = st.radio("Change", list(MODULE_ACTIONS), format_func=MODULE_ACTIONS.get, horizontal=True)
    reason = st.text_area(
        "Reason (the patient sees this)",
        max_chars=REASON_MAX,
        placeholder="For example: we will look at this together at your next visit.",
    )
    submitted = st.form_submit_button("Save change", type="primary")
if submitted:
    try:
        change_plan(
            actor=actor, patient_id=view.patient_id, kind=kind, module_id=module_id, reason=reason
        )
    except InvalidInput as exc:
        st.error(str(exc))
    else:
        st.toast("Plan updated.")
        st.rerun()

st.subheader("Pause or resume the program")
with st.form("pause-change", clear_on_submit=True):
    pause_kind = PlanEventKind.RESUME if plan.paused else PlanEventKind.PAUSE
    pause_reason = st.text_area(
        "Reason (the patient sees this)", max_chars=REASON_MAX, key="pause-reason"
    )
    pause_submitted = st.form_submit_button("Resume program" if plan.paused else "Pause program")
if pause_submitted:
    try:
        change_plan(actor=actor, patient_id=view.patient_id, kind=pause_kind, reason=pause_reason)
    except InvalidInput as exc:
        st.error(str(exc))
    else:
        st.toast("Program resumed." if plan.paused else "Program paused.")
        st.rerun()

if view.history:
    st.subheader("History")
    st.dataframe(
        [
            {
                "When": e.created_at.strftime("%Y-%m-%d %H:%M"),
                "Change": e.kind,
                "From": e.effective_date,
                "Module": by_id[e.module_id].module.title if e.module_id in by_id else "",
                "Reason": e.reason,
            }
            for e in view.history
        ],
        hide_index=True,
        width="stretch",
    )
