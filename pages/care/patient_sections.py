"""The patient detail's sections, one function per data kind, in the order the screen shows them.

Each takes the ``PatientDetail`` and draws its part; typed text (notes, goals, reasons, staff
notes) is shown as typed (``st.text`` or ``plain``). The larger ones live in their own modules
(``pages/care/patient_<kind>.py``: movement, practice, sleep, flags, outreach); a capability that
arrives later adds one function and its name in SECTIONS, next to its loader in
db/queries/patient_detail.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from db.queries import PatientDetail
from pages.care.patient_flags import flags
from pages.care.patient_movement import movement
from pages.care.patient_outreach import outreach
from pages.care.patient_practice import practice
from pages.care.patient_sleep import sleep_diary
from pages.care.trends import show_trends
from pages.shell.plain import plain
from program.defaults import DEFAULTS
from program.measures import INSTRUMENTS
from program.panel import PEG_BETTER, PEG_WORSE

CONTACT_WORDS = {"phone": "a phone call", "text": "a text message", "email": "e-mail"}
PLAN_WORDS = {
    "hold": "Put a lesson on hold",
    "release": "Released a hold",
    "unlock": "Unlocked a lesson early",
    "skip": "Skipped a lesson",
    "pause": "Paused the program",
    "resume": "Resumed the program",
    "movement_level": "Set the movement level",
    "movement_step": "Set the movement step",
    "sleep_scheduling_on": "Switched bedtime scheduling on",
    "sleep_scheduling_off": "Switched bedtime scheduling off",
}
SHORT_NAMES = {"PEG": "PEG", "CSI": "CSI", "PHQ9": "PHQ-9", "GAD7": "GAD-7"}


def contact(d: PatientDetail) -> None:
    c = d.contact
    st.markdown(
        f"Record {plain(c.record_number)} · born {c.date_of_birth:%b %d, %Y} · "
        f"prefers {CONTACT_WORDS.get(c.preferred_contact, plain(c.preferred_contact))}"
    )
    if c.phone and c.tel:
        st.link_button(f"Call {plain(c.phone)}", c.tel, icon=":material/call:", width="stretch")
    elif c.phone:
        st.text(f"Phone: {c.phone}")
    else:
        st.caption("No phone number on file.")
    if c.email:
        st.text(f"E-mail: {c.email}")
    if c.emergency_contact:
        st.text(f"Emergency contact: {c.emergency_contact}")
    if c.care_team:
        team = ", ".join(f"{plain(name)} ({role})" for role, name in c.care_team)
        st.markdown(f"Care team: {team}")


def enrolment(d: PatientDetail) -> None:
    e = d.enrolment
    if e is None:
        st.info("Not enrolled in a program now.")
        return
    where = "in the baseline week" if e.week1_start is None else f"in week {e.week}"
    if e.status == "paused":
        where = "paused"
    st.markdown(f"**{plain(e.program_title)}** · started {e.start_date:%b %d, %Y} · {where}")


def trends(d: PatientDetail) -> None:
    st.subheader("Trends")
    show_trends(d.trends)


def questionnaires(d: PatientDetail) -> None:
    st.subheader("Questionnaires")
    if not d.questionnaires:
        st.info("No questionnaires yet.")
        return
    rows = []
    for q in d.questionnaires:
        mark = ""
        if q.change is not None and round(-q.change, 6) >= DEFAULTS.peg_meaningful_change:
            mark = PEG_BETTER
        elif q.change is not None and round(q.change, 6) >= DEFAULTS.worsening_peg_rise:
            mark = PEG_WORSE
        # The columns a phone shows without scrolling come first.
        rows.append(
            {
                "Questionnaire": SHORT_NAMES.get(q.instrument, q.instrument),
                "Score": q.total,
                "Change from baseline": q.change,
                "Meaningful change": mark,
                "Band": q.band or "",
                "Date": q.local_date,
                "Week": q.program_week,
                "Item 9": q.item9,
            }
        )
    frame = pd.DataFrame(rows)
    st.dataframe(frame, hide_index=True, width="stretch")
    st.caption(
        "Bands and marks are for the care team. PEG: a fall of "
        f"{DEFAULTS.peg_meaningful_change:g} point or more from baseline is meaningful."
        f" {INSTRUMENTS['CSI'].title} (CSI) is a symptom-burden score."
    )


def notes(d: PatientDetail) -> None:
    st.subheader("What the patient wrote")
    if not d.notes:
        st.caption("No medicine notes or warning signs in the check-ins.")
        return
    for n in d.notes[:30]:
        st.markdown(f"**{n.local_date:%b %d, %Y}**, {n.kind}:")
        st.text(n.text)


def plan_changes(d: PatientDetail) -> None:
    st.subheader("Plan changes")
    if not d.plan_changes:
        st.caption("No changes to the plan.")
        return
    for change in d.plan_changes[:20]:
        what = PLAN_WORDS.get(change.kind, change.kind)
        by = f" ({plain(change.by)})" if change.by else ""
        until = f", until {change.until:%b %d}" if change.until else ""
        st.markdown(f"**{change.effective_date:%b %d, %Y}**: {what}{until}{by}")
        st.text(f"Reason the patient sees: {change.reason}")


def goals(d: PatientDetail) -> None:
    st.subheader("Goals")
    shown = [g for g in d.goals if not g.archived]
    if not shown:
        st.caption("No goals written yet.")
        return
    for g in shown:
        st.text(("Reached: " if g.achieved else "") + g.text)


SECTIONS = (
    contact,
    enrolment,
    trends,
    movement,
    practice,
    sleep_diary,
    questionnaires,
    notes,
    flags,
    outreach,
    plan_changes,
    goals,
)
