"""How the panel draws one patient: a tappable card on a phone, a table row on a wide screen."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pages.shell.common import SEVERITY_BADGE
from pages.shell.plain import plain
from program.vocabulary import FollowUpStatus

DETAIL = "pages/care/patient.py"
# Every card's link is a thumb-sized tap target (at least 44 px).
CARD_CSS = (
    '<style>[class*="st-key-panel-card-"] [data-testid="stPageLink"] a '
    "{ min-height: 48px; align-items: center; font-weight: 600; }</style>"
)
TABLE_COLUMNS = {
    "name": "Patient",
    "record_number": "Record",
    "week": st.column_config.NumberColumn("Week", format="%d"),
    "status": "Status",
    "last_check_in": st.column_config.DateColumn("Last check-in"),
    "mean_pain_7d": st.column_config.NumberColumn("Pain, 7-day", format="%.1f"),
    "pain_change": st.column_config.NumberColumn("Pain change", format="%+.1f"),
    "pain_mark": "Pain mark",
    "peg_latest": st.column_config.NumberColumn("PEG", format="%.1f"),
    "peg_change": st.column_config.NumberColumn("PEG change", format="%+.1f"),
    "peg_mark": "PEG mark",
    "adherence": st.column_config.ProgressColumn(
        "Adherence", format="percent", min_value=0, max_value=1
    ),
    "emergency": st.column_config.NumberColumn("Emergency", help="Open emergency flags"),
    "urgent": st.column_config.NumberColumn("Urgent", help="Open urgent flags"),
    "soon": st.column_config.NumberColumn("Soon", help="Open soon flags"),
    "routine": st.column_config.NumberColumn("Routine", help="Open routine flags"),
    "follow_up": "Follow-up",
}
# The follow-up request in progress, on the card (the queue has the details).
FOLLOW_UP = {
    FollowUpStatus.REQUESTED: ":blue-badge[:material/event: Asked for a follow-up]",
    FollowUpStatus.SCHEDULED: ":green-badge[:material/event_available: Visit booked]",
}


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def last_seen(row: pd.Series) -> str:
    """When the patient last checked in, in words."""
    days = row["days_since_check_in"]
    if _missing(days):
        return "No check-in yet"
    days = int(days)
    when = {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
    day: date = row["last_check_in"]
    return f"Last check-in {when} ({day:%b %d})"


def stage(row: pd.Series) -> str:
    if row["status"] in ("baseline", "not enrolled", "paused"):
        return str(row["status"]).capitalize()
    return "Week ?" if _missing(row["week"]) else f"Week {int(row['week'])}"


def numbers(row: pd.Series) -> str:
    """Pain, PEG and adherence, with the staff-only marks."""
    parts = []
    if not _missing(row["mean_pain_7d"]):
        text = f"pain {row['mean_pain_7d']:.1f}"
        if not _missing(row["pain_change"]):
            text += f" ({row['pain_change']:+.1f} since week 1)"
        if row["pain_mark"]:
            text += f", {row['pain_mark']}"
        parts.append(text)
    if not _missing(row["peg_latest"]):
        text = f"PEG {row['peg_latest']:.1f} ({row['peg_change']:+.1f})"
        if row["peg_mark"]:
            text += f", {row['peg_mark']}"
        parts.append(text)
    if not _missing(row["adherence"]):
        parts.append(
            f"adherence {row['adherence']:.0%} ({row['items_done']} of {row['items_due']})"
        )
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def patient_card(row: pd.Series) -> None:
    """Name, week, worst open flag, last check-in; the whole link opens the patient detail."""
    with st.container(border=True, key=f"panel-card-{row['patient_id']}"):
        st.page_link(
            DETAIL,
            label=f"{plain(row['name'])} ({plain(row['record_number'])})",
            icon=":material/person:",
            query_params={"patient": str(row["patient_id"])},
            width="stretch",
        )
        flag = ""
        if row["worst_flag"]:
            flag = f"{SEVERITY_BADGE[row['worst_flag']]} {row['open_flags']} open · "
        st.markdown(f"{flag}{stage(row)} · {last_seen(row)}")
        if follow_up := FOLLOW_UP.get(row["follow_up"]):
            st.markdown(follow_up)
        if line := numbers(row):
            st.caption(line)


def panel_cards(rows: pd.DataFrame) -> None:
    st.html(CARD_CSS)
    for _, row in rows.iterrows():
        patient_card(row)


def panel_table(rows: pd.DataFrame) -> int | None:
    """The rows as a table; the patient id of a row picked, if any."""
    picked = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_order=list(TABLE_COLUMNS),
        column_config=TABLE_COLUMNS,
        on_select="rerun",
        selection_mode="single-row",
        key="panel-table",
    )
    chosen = picked.selection.rows if picked is not None else []
    return int(rows.iloc[chosen[0]]["patient_id"]) if chosen else None
