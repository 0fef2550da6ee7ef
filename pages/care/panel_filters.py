"""The panel's filters, sorting and view choice as widgets (draws only; program.panel filters)."""

from __future__ import annotations

import streamlit as st

from program.panel import SORTS, PanelFilters
from program.vocabulary import SEVERITY_ORDER

ADHERENCE_BELOW = {"Any": None, "Below 50%": 0.5, "Below 75%": 0.75, "Below 90%": 0.9}
QUIET_DAYS = {"Any": None, "2 days or more": 2, "5 days or more": 5, "14 days or more": 14}
SEVERITY_LABELS = {s.value: s.value.title() for s in SEVERITY_ORDER}
PAGE = "panel-page"  # session key of the page number shown


def _reset_page() -> None:
    st.session_state[PAGE] = 1


def panel_filters(max_week: int) -> PanelFilters:
    """Search, filters and sort; changing any of them goes back to the first page."""
    search = st.text_input(
        "Find a patient",
        placeholder="Name or record number",
        key="panel-search",
        on_change=_reset_page,
    )
    with st.expander("Filter and sort"):
        severities = st.pills(
            "Open flags",
            list(SEVERITY_LABELS),
            selection_mode="multi",
            format_func=SEVERITY_LABELS.get,
            key="panel-severity",
            on_change=_reset_page,
        )
        adherence = st.selectbox(
            "Adherence, last 14 days",
            list(ADHERENCE_BELOW),
            key="panel-adherence",
            on_change=_reset_page,
            help="Due check-ins, lessons and questionnaires done, of those due.",
        )
        quiet = st.selectbox(
            "No check-in for", list(QUIET_DAYS), key="panel-quiet", on_change=_reset_page
        )
        top = max(12, max_week)
        weeks = st.slider(
            "Program week", 0, top, (0, top), key="panel-weeks", on_change=_reset_page
        )
        follow_up = st.toggle(
            "Asked for a follow-up (request or visit in progress)",
            key="panel-follow-up",
            on_change=_reset_page,
        )
        sort = st.selectbox("Sort by", list(SORTS), key="panel-sort", on_change=_reset_page)
        table = st.toggle("Show as a table (for a wide screen)", key="panel-table-view")
    return PanelFilters(
        search=search or "",
        severities=tuple(severities or ()),
        adherence_below=ADHERENCE_BELOW[adherence],
        quiet_days=QUIET_DAYS[quiet],
        weeks=None if weeks == (0, top) else weeks,
        follow_up=follow_up,
        sort=sort,
        table=table,
    )
