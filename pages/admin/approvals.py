"""Approvals: staff logins and admin-issued temporary passwords waiting for a second admin."""

from datetime import datetime

import streamlit as st

from db.access import AccessDenied
from db.actions import (
    InvalidInput,
    approve_admin_request,
    refuse_admin_request,
    withdraw_admin_request,
)
from db.queries import admin_approvals
from pages.shell.common import current_actor, view_token
from pages.shell.password_forms import show_temporary_password
from pages.shell.plain import plain

KINDS = {"staff_login": "New staff login", "temporary_password": "Temporary password"}
ALONE = (
    "You are the only active admin, so the staff logins and temporary passwords you give apply at "
    "once. The Audit log lists them until you mark them reviewed."
)
WHY = (
    "A new staff login, or a temporary password an admin gives, lets someone log in as a person "
    "who sees patients. So another admin approves it first. The admin who approves gets the "
    "temporary password and gives it to the person; the admin who asked never sees it."
)

actor = current_actor()
st.title("Approvals")
if flash := st.session_state.pop("approvals_flash", None):
    st.success(plain(flash))
view = admin_approvals(actor=actor, view=view_token())
st.caption(WHY)
if view.other_admins == 0:
    st.info(ALONE)


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _decide(fn, approval_id: int) -> object:  # noqa: ANN001
    try:
        return fn(actor=actor, approval_id=approval_id)
    except InvalidInput as exc:
        st.error(str(exc))  # next to the button that was tapped
    except AccessDenied:
        st.error("That request no longer exists.")
    return None


st.subheader("Waiting for a decision")
if not view.pending:
    st.caption("Nothing is waiting.")
for request in view.pending:
    with st.container(border=True):
        st.markdown(f"**{KINDS.get(request.kind, request.kind)}**")
        st.text(request.summary)
        st.caption(
            f"Asked by {request.requested_by} on {_when(request.requested_at)}. "
            f"Lapses on {_when(request.expires_at)}."
        )
        if request.mine:
            st.caption("You asked for this, so another admin decides it.")
            withdraw = st.button("Withdraw", key=f"withdraw-{request.id}", width="stretch")
            if withdraw and _decide(withdraw_admin_request, request.id):
                st.session_state["approvals_flash"] = "Request withdrawn. Nothing changed."
                st.rerun()
            continue
        approve_col, refuse_col = st.columns(2)
        if approve_col.button(
            "Approve", key=f"approve-{request.id}", type="primary", width="stretch"
        ):
            approved = _decide(approve_admin_request, request.id)
            if approved:
                # Right under the button (a phone does not scroll up), to this admin only, once:
                # the admin who asked never sees it.
                st.success(f"Approved: {plain(request.summary)}.")
                show_temporary_password(approved.username, approved.temporary_password)
        refuse = refuse_col.button("Refuse", key=f"refuse-{request.id}", width="stretch")
        if refuse and _decide(refuse_admin_request, request.id):
            st.session_state["approvals_flash"] = "Request refused. Nothing changed."
            st.rerun()

st.subheader("Decided lately")
if not view.recent:
    st.caption("No request has been decided yet.")
for request in view.recent:
    when = f" on {_when(request.decided_at)}" if request.decided_at else ""
    if request.status == "applied_alone":
        review = f"reviewed by {request.reviewed_by}" if request.reviewed_by else "not reviewed yet"
        st.text(f"Applied alone by {request.requested_by}{when}: {request.summary} ({review})")
        continue
    decided = f" by {request.decided_by}" if request.decided_by else ""
    st.text(
        f"{request.status.capitalize()}{decided}{when}: {request.summary} "
        f"(asked by {request.requested_by})"
    )
