"""Audit log: who did what, newest first, filtered and paged; verify the hash chain."""

import streamlit as st

from db.actions import review_unapproved_changes
from db.models import User, max_length
from db.queries import audit_events, unapproved_changes, verify_audit_chain
from pages.shell.common import current_actor, view_token
from pages.shell.plain import plain

OUTCOMES = ("ok", "refused", "failed")
PAGE_SIZE = 50

actor = current_actor()
st.title("Audit log")
if flash := st.session_state.pop("audit_flash", None):
    st.success(flash)
# Staff logins and admin-issued temporary passwords nobody else approved (db/approvals.py): first.
unreviewed = unapproved_changes(actor=actor, view=view_token())
if unreviewed:
    st.warning(
        f"**{len(unreviewed)} change(s) made without a second admin's approval** since the last "
        "review. Each lets someone log in as a person who sees patients. Check that each was "
        "expected:\n\n"
        + "\n".join(
            f"- {r.requested_at:%Y-%m-%d %H:%M} UTC, by {plain(r.requested_by)}: {plain(r.summary)}"
            for r in unreviewed
        ),
        icon=":material/warning:",
    )
    if st.button("Mark these as reviewed"):
        count = review_unapproved_changes(actor=actor, up_to=unreviewed[-1].id)
        st.session_state["audit_flash"] = f"{count} change(s) marked as reviewed."
        st.rerun()
# A stack of "older than" cursors: keyset paging reads one page, never the whole table.
cursors: list[int] = st.session_state.setdefault("audit_cursors", [])


def _restart() -> None:
    st.session_state["audit_cursors"] = []


filters = {
    "username": st.session_state.get("audit-user") or None,
    "action": st.session_state.get("audit-action"),
    "outcome": st.session_state.get("audit-outcome"),
    "patient_id": st.session_state.get("audit-patient"),
    "since": st.session_state.get("audit-since"),
    "until": st.session_state.get("audit-until"),
}
page = audit_events(
    actor=actor,
    **filters,
    before_id=cursors[-1] if cursors else None,
    limit=PAGE_SIZE,
    view=view_token(),
)

with st.form("audit-filter"):
    user_col, action_col, outcome_col = st.columns(3)
    user_col.text_input(
        "User", key="audit-user", max_chars=max_length(User, "username"), placeholder="username"
    )
    action_col.selectbox(
        "Action", [None, *page.actions], key="audit-action", format_func=lambda a: a or "Any"
    )
    outcome_col.selectbox(
        "Outcome", [None, *OUTCOMES], key="audit-outcome", format_func=lambda o: o or "Any"
    )
    patient_col, since_col, until_col = st.columns(3)
    patient_col.number_input("Patient id", min_value=1, step=1, value=None, key="audit-patient")
    since_col.date_input("From (UTC)", value=None, key="audit-since")
    until_col.date_input("To (UTC)", value=None, key="audit-until")
    st.form_submit_button("Filter", on_click=_restart)

if not page.rows:
    st.info("No audit events match.")
else:
    st.dataframe(
        [
            {
                "#": r.id,
                "When (UTC)": f"{r.at:%Y-%m-%d %H:%M:%S}",
                "User": r.actor_username or "",
                "Action": r.action,
                "Outcome": r.outcome,
                "Patient": r.patient_id,
                "Detail": r.detail,
                # A session that began with a temporary password someone else issued.
                "Session": "temporary password" if r.temporary_session else "",
            }
            for r in page.rows
        ],
        hide_index=True,
        width="stretch",
    )
newer_col, older_col = st.columns(2)
if newer_col.button("Newer", disabled=not cursors, width="stretch"):
    cursors.pop()
    st.rerun()
if older_col.button("Older", disabled=page.older_than is None, width="stretch"):
    cursors.append(page.older_than)
    st.rerun()

st.divider()
if st.button("Verify chain"):
    problems = verify_audit_chain(actor=actor)
    if problems:
        st.error(
            "The audit trail was changed. Rows were edited or removed:\n\n"
            + "\n".join(f"- {p}" for p in problems[:50])
        )
    else:
        st.success("The audit trail is intact: no row was edited or removed.")
