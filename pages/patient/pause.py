"""Pause my program (reached from Today and Account, not the menu): pause for a reason and a last
day, change the last day, or start again early. Safety is not paused, and the page says so."""

from datetime import timedelta

import streamlit as st

from db.actions import InvalidInput, pause_my_program, resume_my_program
from db.models import PlanEvent, max_length
from db.queries import pause_for_patient
from pages.patient.program_links import tap_targets
from pages.shell.common import current_actor, help_footer
from pages.shell.plain import plain
from program import pause_wording as w

FLASH = "pause_flash"
DEFAULT_DAYS = 7  # the end date a new pause suggests: a week from today
# The choice and the patient's own words are kept as one reason (PlanEvent.reason).
NOTE_CHARS = max_length(PlanEvent, "reason") - max(len(r) for r in w.REASONS) - 2

actor = current_actor()
view = pause_for_patient(actor=actor)


def _done(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def _reason(choice: str | None, note: str) -> str:
    """What the care team reads: the choice, and the patient's own words after it if any."""
    note = note.strip()
    if choice is None:
        return note
    return f"{choice}: {note}" if note else choice


def while_paused() -> None:
    st.markdown(f"**{w.WHILE_PAUSED_TITLE}**\n\n" + "\n".join(f"- {x}" for x in w.WHILE_PAUSED))
    st.info(w.NOT_A_MESSAGE, icon=":material/call:")


def last_day_input(label: str, value, key: str):
    return st.date_input(
        label,
        value=value,
        min_value=view.today,
        max_value=view.latest_end,
        format="MM/DD/YYYY",
        key=key,
    )


def new_pause_form() -> None:
    with st.form("pause-form", border=True):
        choice = st.radio(w.REASON_LABEL, w.REASONS, index=None, key="pause-reason")
        note = st.text_input(w.NOTE_LABEL, max_chars=NOTE_CHARS, key="pause-note")
        until = last_day_input(
            w.END_LABEL, view.today + timedelta(days=DEFAULT_DAYS), "pause-until"
        )
        st.caption(w.max_days_text())
        if st.form_submit_button(w.PAUSE_BUTTON, type="primary", width="stretch"):
            try:
                pause_my_program(actor=actor, reason=_reason(choice, note), until=until)
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                _done(w.PAUSED_NOW)


def current_pause() -> None:
    st.info(
        f"**{w.paused_until(view.last_day)}** {w.starts_again(view.last_day)}"
        + (f"\n\n{w.your_reason(plain(view.reason))}" if view.reason else ""),
        icon=":material/pause_circle:",
    )
    if view.by_care_team:
        st.markdown(w.BY_CARE_TEAM)
        return
    if st.button(w.RESUME_BUTTON, type="primary", width="stretch", key="pause-resume"):
        try:
            resume_my_program(actor=actor)
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            _done(w.RESUMED)
    with st.form("pause-change", border=True):
        st.markdown(f"**{w.CHANGE_END_TITLE}**")
        until = last_day_input(w.END_LABEL, view.last_day or view.today, "pause-new-until")
        st.caption(w.max_days_text())
        if st.form_submit_button(w.CHANGE_END_BUTTON, width="stretch"):
            try:
                pause_my_program(actor=actor, reason=view.reason, until=until)
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                _done(w.END_CHANGED)


tap_targets()
st.title(w.PAGE_TITLE)
if flash := st.session_state.pop(FLASH, None):
    st.success(flash, icon=":material/check_circle:")
if not view.enrolled:
    st.info(w.NOT_ENROLLED)
elif not view.started:
    st.info(w.NOT_STARTED)
elif view.paused:
    current_pause()
    while_paused()
else:
    st.markdown(w.INTRO)
    st.info(w.NOT_A_MESSAGE, icon=":material/call:")
    new_pause_form()
    st.markdown(f"**{w.WHILE_PAUSED_TITLE}**\n\n" + "\n".join(f"- {x}" for x in w.WHILE_PAUSED))
st.page_link("pages/patient/today.py", label="Back to Today", icon=":material/arrow_back:")
help_footer()
