"""Flag queue: acknowledge or resolve flags of the user's patients, with a note."""

import streamlit as st

from db.access import AccessDenied
from db.actions import InvalidInput, acknowledge_flag, record_risk_assessment, resolve_flag
from db.models import Flag, max_length
from db.queries import flags_for_staff
from db.queries.flags import FlagRow
from pages.care.overdue import overdue_flags
from pages.shell.common import SEVERITY_BADGE, current_actor, view_token
from pages.shell.plain import plain
from program.clinic_hours import clinic_time
from program.vocabulary import FlagEventKind, FlagStatus, Role, Severity

MAX_SHOWN = 50
# Acknowledge and resolution notes (and a risk assessment) share one limit in the model.
NOTE_MAX = max_length(Flag, "resolution_note")
HISTORY_SHOWN = 6  # the latest entries of a flag's history
EVENT_WORDS = {
    FlagEventKind.OPENED: "Opened",
    FlagEventKind.REFRESHED: "Reported again",
    FlagEventKind.REOPENED: "Reopened: a new warning sign",
    FlagEventKind.ACKNOWLEDGED: "Acknowledged",
    FlagEventKind.RESOLVED: "Resolved",
    FlagEventKind.RISK_ASSESSED: "Risk assessment recorded, closed",
    FlagEventKind.ESCALATED: "Escalated",
}
CONTACT_WORDS = {"phone": "a phone call", "text": "a text message", "email": "e-mail"}


def contact_line(flag: FlagRow) -> None:
    """The patient's phone (tap to call) and how they prefer to be contacted."""
    prefers = CONTACT_WORDS.get(flag.preferred_contact or "", flag.preferred_contact or "")
    if flag.phone and flag.tel:
        st.link_button(
            f"Call {plain(flag.patient_name)}: {plain(flag.phone)}",
            flag.tel,
            icon=":material/call:",
        )
    elif flag.phone:
        st.text(f"Phone: {flag.phone}")
    else:
        st.caption("No phone number on file.")
    if prefers:
        st.caption(f"Prefers {prefers}.")


def flag_history(flag: FlagRow) -> None:
    """A short history; what staff typed is shown as plain text, never Markdown."""
    if not flag.history:  # closed or acknowledged before flags kept a history
        if flag.acknowledge_note:
            st.text(f"Acknowledged: {flag.acknowledge_note}")
        if flag.resolution_note:
            st.text(f"Resolved: {flag.resolution_note}")
        return
    st.markdown("**History**")
    for event in flag.history[-HISTORY_SHOWN:]:
        by = f" by {event.by}" if event.by else ""
        line = (
            f"{clinic_time(event.at, flag.timezone)}: {EVENT_WORDS.get(event.kind, event.kind)}{by}"
        )
        st.text(line + (f": {event.note}" if event.note else ""))


actor = current_actor()
st.title("Flags")
overdue_flags(actor)
show_resolved = st.toggle("Show resolved flags too")
flags = flags_for_staff(actor=actor, include_resolved=show_resolved, view=view_token())
if not flags:
    st.success("No open flags. Nothing needs attention right now.")
    st.stop()
if len(flags) > MAX_SHOWN:
    st.caption(f"Showing the {MAX_SHOWN} most severe and oldest of {len(flags)} flags.")

for flag in flags[:MAX_SHOWN]:
    title = (
        f"{plain(flag.patient_name)} · {flag.severity.title()} · {flag.rule_name} · {flag.status}"
    )
    # A self-harm answer (PHQ-9 item 9 or the check-in's warning sign): only a care-team clinician
    # closes it, by recording a risk assessment.
    risk = flag.needs_risk_assessment
    with st.expander(
        title,
        expanded=flag.status == FlagStatus.OPEN and (flag.severity == Severity.EMERGENCY or risk),
    ):
        st.markdown(
            f"{SEVERITY_BADGE.get(flag.severity, flag.severity)} opened "
            f"{clinic_time(flag.opened_at, flag.timezone)}"
        )
        st.write(flag.explanation)
        st.page_link(
            "pages/care/patient.py",
            label=f"Open {plain(flag.patient_name)}'s record",
            icon=":material/person:",
            query_params={"patient": str(flag.patient_id)},
        )
        contact_line(flag)
        for note in flag.patient_notes:
            # Typed by the patient: shown as plain text, never as Markdown or HTML.
            st.markdown(f"**What the patient wrote on {note.local_date:%Y-%m-%d}:**")
            st.text(note.text)
        flag_history(flag)
        if flag.status == FlagStatus.RESOLVED:
            continue
        with st.form(f"flag-{flag.id}"):
            note = st.text_area(
                "Note",
                key=f"flag-note-{flag.id}",
                max_chars=NOTE_MAX,
                help="What you did or will do. Required to resolve.",
            )
            assessment = ""
            if risk and actor.has(Role.CLINICIAN):
                assessment = st.text_area(
                    "Risk assessment",
                    key=f"flag-risk-{flag.id}",
                    max_chars=NOTE_MAX,
                    help="Required to close this flag: your assessment of the risk and the plan.",
                )
            elif risk:
                st.caption(
                    "Only a clinician can close this flag (a clinician on this patient's "
                    "care team), by recording a risk assessment."
                )
            ack_col, resolve_col = st.columns(2)
            acknowledge = ack_col.form_submit_button(
                "Acknowledge", disabled=flag.status != FlagStatus.OPEN, width="stretch"
            )
            resolve = resolve_col.form_submit_button(
                "Record risk assessment and close" if risk else "Resolve",
                type="primary",
                width="stretch",
                disabled=risk and not actor.has(Role.CLINICIAN),
            )
        if acknowledge or resolve:
            try:
                if resolve and risk:
                    record_risk_assessment(actor=actor, flag_id=flag.id, risk_assessment=assessment)
                elif resolve:
                    resolve_flag(actor=actor, flag_id=flag.id, note=note)
                else:
                    acknowledge_flag(actor=actor, flag_id=flag.id, note=note)
            except InvalidInput as exc:
                st.error(str(exc))
            except AccessDenied:
                st.error("This flag is no longer available to you.")
            else:
                st.toast("Flag resolved." if resolve else "Flag acknowledged.")
                st.rerun()
