"""Patient plan (clinicians): one patient's plan, opened on their current week, with the patient
detail's trends beside it (below it on a phone, where the columns stack). The patient comes
from the panel, a flag or the patient detail as ``?patient=<id>``, or from a search by name or
record number (never a list that opens on the first name)."""

import streamlit as st

from db.access import NotFound
from db.queries import PlanView, find_my_patients, plan_for_clinician
from db.queries.plans import TREND_DAYS
from pages.care.plan_history import plan_history
from pages.care.plan_lessons import lesson_changes
from pages.care.plan_movement import movement_controls
from pages.care.plan_pause import pause_controls
from pages.care.plan_records import record_downloads
from pages.care.plan_sleep import sleep_controls
from pages.care.trends import show_trends
from pages.shell.common import current_actor, view_token
from pages.shell.plain import plain

actor = current_actor()


def open_patient(patient_id: int | None) -> None:
    if patient_id is None:
        st.query_params.pop("patient", None)
    else:
        st.query_params["patient"] = str(patient_id)
    st.rerun()


def find_patient() -> None:
    st.caption("Open a patient from the panel or a flag, or find one of your patients here.")
    text = st.text_input("Find a patient", placeholder="Name or record number", key="plan-find")
    if not text.strip():
        return
    matches = find_my_patients(actor=actor, text=text, view=view_token())
    if not matches:
        st.info("None of your patients matches that.")
    for match in matches:
        if st.button(
            f"{match.name} · {match.record_number}", key=f"plan-open-{match.id}", width="stretch"
        ):
            open_patient(match.id)


def header(view: PlanView) -> None:
    plan = view.plan
    if plan.paused:
        status = "paused"
    elif plan.finished:
        status = "program finished"
    elif plan.week == 0:
        status = "baseline week"
    else:
        status = f"week {plan.week} of {plan.weeks}"
    st.markdown(
        f"**{plain(view.patient_name)}** · {plain(view.record_number)} · {status}  \n"
        f"{plain(view.program_title)}, started {view.start_date:%d %b %Y}"
    )
    if st.button("Another patient", icon=":material/person_search:"):
        open_patient(None)


st.title("Patient plan")
chosen = st.query_params.get("patient", "")
if not chosen.isdigit():
    find_patient()
    st.stop()
try:
    view = plan_for_clinician(actor=actor, patient_id=int(chosen), view=view_token())
except NotFound:
    st.warning("That patient is not one of yours, or has no active program.")
    find_patient()
    st.stop()

header(view)
SECTIONS = [
    ("Lessons", lambda: lesson_changes(actor, view)),
    ("Pause", lambda: pause_controls(actor, view)),
    ("Movement", lambda: movement_controls(actor, view.patient_id)),
    ("Sleep", lambda: sleep_controls(actor, view.patient_id)),
    ("History", lambda: plan_history(view)),
    ("Records", lambda: record_downloads(actor, view.patient_id)),
]
plan_column, trends_column = st.columns([3, 2], gap="medium")
with plan_column:
    for tab, (_, draw) in zip(st.tabs([label for label, _ in SECTIONS]), SECTIONS, strict=True):
        with tab:
            draw()
with trends_column:
    st.subheader("Trends")
    show_trends(view.trends, days=TREND_DAYS)
    st.page_link(
        "pages/care/patient.py",
        label="Open the whole record",
        icon=":material/person:",
        query_params={"patient": str(view.patient_id)},
    )
