"""The patient detail's flags and their history: each episode (one Flag row) with every event in
it (opened, acknowledged, reopened, resolved, risk assessed; the rules' refreshes counted), open
episodes first, and how many episodes each rule has had."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from db.queries import PatientDetail
from pages.shell.common import SEVERITY_BADGE
from program.clinic_hours import clinic_time
from program.vocabulary import FlagEventKind, FlagStatus

EVENT_WORDS = {
    FlagEventKind.OPENED: "Opened",
    FlagEventKind.REOPENED: "Reopened",
    FlagEventKind.ACKNOWLEDGED: "Acknowledged",
    FlagEventKind.RESOLVED: "Resolved",
    FlagEventKind.RISK_ASSESSED: "Risk assessed",
    FlagEventKind.ESCALATED: "Not acknowledged in time: coordinators e-mailed",
}


def _episodes(d: PatientDetail) -> str:
    counts = Counter(f.rule_name for f in d.flags)
    parts = [f"{name} {n} {'episode' if n == 1 else 'episodes'}" for name, n in counts.items()]
    return "Episodes: " + "; ".join(parts) + "."


def flags(d: PatientDetail) -> None:
    st.subheader("Flags")
    if not d.flags:
        st.caption("No flags.")
        return
    st.caption(_episodes(d))
    for f in d.flags:
        badge = SEVERITY_BADGE.get(f.severity, f.severity)
        with st.expander(f"{f.rule_name} · {f.status}", expanded=f.status != FlagStatus.RESOLVED):
            st.markdown(f"{badge} opened {clinic_time(f.opened_at, d.clinic_timezone)}")
            st.write(f.explanation)
            refreshed = 0
            for event in f.history:
                if event.kind == FlagEventKind.REFRESHED:
                    refreshed += 1
                    continue
                by = f" by {event.by}" if event.by else ""
                what = EVENT_WORDS.get(event.kind, event.kind)
                line = f"{clinic_time(event.at, d.clinic_timezone)}: {what}{by}"
                st.text(line + (f": {event.note}" if event.note else ""))
            if refreshed:
                st.caption(f"Seen again by the rules {refreshed} times while open.")
