"""The program editor's publishing and history: what a draft changes against the version patients
get, publishing it from a date (or setting it aside), and every version with who and when."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from db.access import Actor
from db.actions import InvalidInput, discard_module_draft, publish_module_version
from db.actions.modules import LONGEST_SCHEDULE
from db.queries import ModuleHistory
from db.queries.modules import VersionRow
from program.module_editing import text_changes

SOURCE = {"shipped": "Lesson files", "clinician": "Clinician"}


def _changes(draft: VersionRow, live: VersionRow | None) -> None:
    if live is None:
        st.caption("No version is published yet: this will be the first.")
        return
    fields = [
        (label, old, new)
        for label, old, new in (
            ("Title", live.title, draft.title),
            ("Summary", live.summary, draft.summary),
            ("Minutes", str(live.minutes), str(draft.minutes)),
            ("Week", str(live.week), str(draft.week)),
        )
        if old != new
    ]
    lines = text_changes(live.body, draft.body)
    checks = draft.check != live.check
    if not fields and not lines and not checks:
        st.caption(f"Same words as version {live.number}.")
        return
    st.markdown(f"**What changes against version {live.number}** (what patients get now)")
    for label, old, new in fields:
        st.text(f"{label}: {old}  →  {new}")
    if lines:
        # Plain text: the diff colours fail contrast. "-" lines go, "+" lines come in.
        st.code("\n".join(lines), language=None, wrap_lines=True)
        st.caption("Lines starting with - are removed; lines starting with + are added.")
    if checks:
        st.caption("The check questions change too.")


def publish(actor: Actor, history: ModuleHistory) -> None:
    waiting = history.waiting()
    if not waiting:
        return
    st.subheader("Publish")
    numbers = [v.number for v in waiting]
    number = st.selectbox(
        "Draft to publish",
        numbers,
        format_func=lambda n: f"Version {n}",
        key=f"publish-{history.module_id}-{numbers[0]}",
    )
    draft = history.version(number)
    who = f"by {draft.created_by}" if draft.created_by else "from the lesson files"
    st.caption(f"Saved {who} on {draft.created_at:%d %b %Y}. {draft.change_note}".strip())
    _changes(draft, history.live())
    start = st.date_input(
        "Patients get it from (their own date)",
        value=history.today,
        min_value=history.today,
        max_value=history.today + LONGEST_SCHEDULE - timedelta(days=1),
        key=f"publish-from-{draft.id}",
    )
    if st.button(f"Publish version {draft.number}", type="primary", width="stretch"):
        try:
            publish_module_version(actor=actor, version_id=draft.id, effective_from=start)
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            st.toast(f"Version {draft.number} published from {start:%d %b %Y}.")
            st.rerun()
    if st.button(f"Set version {draft.number} aside (do not publish)", width="stretch"):
        try:
            discard_module_draft(actor=actor, version_id=draft.id)
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            st.toast(f"Version {draft.number} set aside.")
            st.rerun()


def _status(v: VersionRow, history: ModuleHistory) -> str:
    if v.number == history.live_number:
        return "patients get it"
    if v.status == "published" and v.effective_from and v.effective_from > history.today:
        return "scheduled"
    return {"published": "replaced", "draft": "draft", "discarded": "set aside"}.get(
        v.status, v.status
    )


def history_table(history: ModuleHistory) -> None:
    st.subheader("Version history")
    st.dataframe(
        [
            {
                "Version": v.number,
                "Status": _status(v, history),
                "Written by": v.created_by or SOURCE.get(v.source, v.source),
                "Saved": v.created_at.strftime("%Y-%m-%d %H:%M"),
                "From": v.effective_from.isoformat() if v.effective_from else "",
                "Published by": v.published_by,
                "Published": v.published_at.strftime("%Y-%m-%d %H:%M") if v.published_at else "",
                "Completions": v.completions,
                "Note": v.change_note,
            }
            for v in history.versions
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption("Each completion stays with the version the patient read.")


def publish_and_history(actor: Actor, history: ModuleHistory) -> None:
    publish(actor, history)
    history_table(history)
