"""Panel: every patient the user looks after, most urgent first; cards on a phone, a table on a
wide screen; each opens the patient detail."""

import streamlit as st

from core.clock import utcnow
from db.queries import panel_csv_for_staff, recent_panel_for_staff
from pages.care.panel_cards import DETAIL, panel_cards, panel_table
from pages.care.panel_filters import PAGE, panel_filters
from pages.shell.common import current_actor, view_token
from program.panel import PAGE_SIZE, apply_filters, page_of

actor = current_actor()
st.title("Patient panel")
# At most a minute old (kept per user: db/queries/panel_cache.py); "Refresh" reads it afresh.
fresh = st.session_state.pop("panel-fresh", False)
recent = recent_panel_for_staff(actor=actor, fresh=fresh, view=view_token())
panel = recent.rows
if panel.empty:
    st.info("No patients are assigned to you yet.")
    st.stop()

flagged = int((panel["open_flags"] > 0).sum())
st.markdown(f"**{len(panel)} patients** · {flagged} with open flags")
as_of, refresh = st.columns([3, 1], vertical_alignment="center")
age = int((utcnow() - recent.as_of).total_seconds())
as_of.caption("Updated just now" if age < 5 else f"Updated {age} seconds ago")
if refresh.button("Refresh", icon=":material/refresh:"):
    st.session_state["panel-fresh"] = True
    st.rerun()

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
