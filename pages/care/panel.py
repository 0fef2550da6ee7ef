"""Panel: every patient the user looks after, most urgent first; cards on a phone, a table on a
wide screen; each opens the patient detail."""

import pandas as pd
import streamlit as st

from core.clock import utcnow
from db.access import Actor
from db.queries import panel_csv_for_staff, panel_for_staff
from pages.care.panel_cards import DETAIL, panel_cards, panel_table
from pages.care.panel_filters import PAGE, panel_filters
from pages.shell.common import current_actor, view_token
from program.panel import PAGE_SIZE, apply_filters, page_of


# Reruns of one page view (filters, paging) reuse the panel for a minute. The key holds the
# acting user and the view, so no one is ever served another user's panel; opening the page again
# is a new view and reads afresh. The flag queue is never cached.
@st.cache_data(ttl=60, max_entries=100, show_spinner=False)
def _panel(user_id: int, view: str, _actor: Actor) -> pd.DataFrame:
    return panel_for_staff(actor=_actor, view=view)


actor = current_actor()
st.title("Patient panel")
panel = _panel(actor.user_id, view_token(), actor)
if panel.empty:
    st.info("No patients are assigned to you yet.")
    st.stop()

flagged = int((panel["open_flags"] > 0).sum())
st.markdown(f"**{len(panel)} patients** · {flagged} with open flags")

weeks = panel["week"].dropna()
filters = panel_filters(int(weeks.max()) if len(weeks) else 0)
shown = apply_filters(panel, filters)
if shown.empty:
    st.info("No patient matches these filters.")
else:
    page = st.session_state.get(PAGE, 1)
    rows, pages = page_of(shown, page, PAGE_SIZE)
    st.caption(f"{len(shown)} patients · page {min(page, pages)} of {pages}")
    if filters.table:
        if (picked := panel_table(rows)) is not None:
            st.switch_page(DETAIL, query_params={"patient": str(picked)})
    else:
        panel_cards(rows)
    back, forward = st.columns(2)
    if back.button("Previous page", disabled=page <= 1, width="stretch"):
        st.session_state[PAGE] = page - 1
        st.rerun()
    if forward.button("Next page", disabled=page >= pages, width="stretch"):
        st.session_state[PAGE] = page + 1
        st.rerun()
    st.download_button(
        f"Download these {len(shown)} as CSV",
        data=lambda: panel_csv_for_staff(actor=actor, filters=filters).data,
        file_name=f"panel-{utcnow():%Y-%m-%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        help="Every export is recorded in the audit log.",
    )
st.page_link("pages/care/flags.py", label="Open the flag queue", icon=":material/flag:")
