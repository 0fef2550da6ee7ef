"""Panel: every patient the user looks after, most severe open flags first."""

import streamlit as st

from db.queries import panel_for_staff
from pages.shell.common import current_actor, view_token

actor = current_actor()
st.title("Patient panel")
panel = panel_for_staff(actor=actor, view=view_token())
if panel.empty:
    st.info("No patients are assigned to you yet.")
    st.stop()

flagged = int((panel["open_flags"] > 0).sum())
left, right = st.columns(2)
left.metric("Patients", len(panel))
right.metric("With open flags", flagged)

search = st.text_input("Find a patient", placeholder="Name or record number")
shown = panel
if search:
    needle = search.strip().lower()
    shown = panel[
        panel["name"].str.lower().str.contains(needle, regex=False)
        | panel["record_number"].str.lower().str.contains(needle, regex=False)
    ]

# The columns shown, in this order, with their headings.
COLUMNS = {
    "name": "Patient",
    "record_number": "Record",
    "week": st.column_config.NumberColumn("Week", format="%d"),
    "status": "Status",
    "last_check_in": st.column_config.DateColumn("Last check-in"),
    "mean_pain_7d": st.column_config.NumberColumn("Pain, 7-day mean", format="%.1f"),
    "emergency": st.column_config.NumberColumn("Emergency", help="Open emergency flags"),
    "urgent": st.column_config.NumberColumn("Urgent", help="Open urgent flags"),
    "soon": st.column_config.NumberColumn("Soon", help="Open soon flags"),
    "routine": st.column_config.NumberColumn("Routine", help="Open routine flags"),
}
st.dataframe(
    shown, hide_index=True, width="stretch", column_order=list(COLUMNS), column_config=COLUMNS
)
st.page_link("pages/care/flags.py", label="Open the flag queue", icon=":material/flag:")
