"""Flag queue: acknowledge or resolve flags of the user's patients, with a note."""

import streamlit as st

from db.access import AccessDenied
from db.actions import InvalidInput, acknowledge_flag, record_risk_assessment, resolve_flag
from db.queries import flags_for_staff
from pages.shell.common import SEVERITY_BADGE, current_actor
from pages.shell.plain import plain
from program.rules import needs_risk_assessment

MAX_SHOWN = 50

actor = current_actor()
st.title("Flags")
show_resolved = st.toggle("Show resolved flags too")
flags = flags_for_staff(actor=actor, include_resolved=show_resolved)
if not flags:
    st.success("No open flags. Nothing needs attention right now.")
    st.stop()
if len(flags) > MAX_SHOWN:
    st.caption(f"Showing the {MAX_SHOWN} most severe and oldest of {len(flags)} flags.")

for flag in flags[:MAX_SHOWN]:
    title = f"{flag.patient_name} · {flag.severity.title()} · {flag.rule.replace('_', ' ')} · {flag.status}"
    # PHQ-9 item 9: only a clinician closes it, by recording a risk assessment.
    risk = needs_risk_assessment(flag.rule)
    with st.expander(
        title, expanded=flag.status == "open" and (flag.severity == "emergency" or risk)
    ):
        st.markdown(
            f"{SEVERITY_BADGE.get(flag.severity, flag.severity)} opened {flag.opened_at:%Y-%m-%d %H:%M} UTC"
        )
        st.write(flag.explanation)
        for note in flag.patient_notes:
            # Typed by the patient: shown as plain text, never as Markdown or HTML.
            st.markdown(f"**What the patient wrote on {note.local_date:%Y-%m-%d}:**")
            st.text(note.text)
        # Notes are typed by staff: shown as typed, never as Markdown (pages/shell/plain.py).
        if flag.acknowledge_note:
            st.caption(f"Acknowledged: {plain(flag.acknowledge_note)}")
        if flag.status == "resolved":
            st.caption(f"Resolved: {plain(flag.resolution_note)}")
            continue
        with st.form(f"flag-{flag.id}"):
            note = st.text_area(
                "Note",
                key=f"flag-note-{flag.id}",
                max_chars=2000,
                help="What you did or will do. Required to resolve.",
            )
            assessment = ""
            if risk and actor.has("clinician"):
                assessment = st.text_area(
                    "Risk assessment",
                    key=f"flag-risk-{flag.id}",
                    max_chars=2000,
                    help="Required to close this flag: your assessment of the risk and the plan.",
                )
            elif risk:
                st.caption("Only a clinician can close this flag, by recording a risk assessment.")
            ack_col, resolve_col = st.columns(2)
            acknowledge = ack_col.form_submit_button(
                "Acknowledge", disabled=flag.status != "open", width="stretch"
            )
            resolve = resolve_col.form_submit_button(
                "Record risk assessment and close" if risk else "Resolve",
                type="primary",
                width="stretch",
                disabled=risk and not actor.has("clinician"),
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
