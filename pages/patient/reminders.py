"""Daily reminder (reached from Today and Account, not the menu): pick a time, download an .ics for
the phone's own calendar, and the steps to add it and later delete it on an iPhone or Android."""

from datetime import time, timedelta

import streamlit as st

from core.clock import utcnow
from db.actions import InvalidInput, set_my_reminder
from db.queries import reminder_for_patient
from export.reminders import FILE_NAME, MEDIA_TYPE, Reminder, reminder_ics
from pages.patient.program_links import tap_targets
from pages.shell.common import current_actor, help_footer
from program import reminder_wording as w
from program.reminders import DEFAULT_TIME, minute_of_day

FLASH = "reminder_flash"

actor = current_actor()
view = reminder_for_patient(actor=actor)


def clock(at: time) -> str:
    return f"{at.hour % 12 or 12}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"


def steps(title: str, lines: tuple[str, ...]) -> None:
    st.markdown(f"**{title}**\n\n" + "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1)))


def time_form() -> None:
    with st.form("reminder-time", border=True):
        at = st.time_input(
            w.TIME_LABEL, value=view.at or DEFAULT_TIME, step=timedelta(minutes=15), key="at"
        )
        if st.form_submit_button(w.MAKE_BUTTON, type="primary", width="stretch"):
            try:
                set_my_reminder(actor=actor, minute_of_day=minute_of_day(at))
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                st.session_state[FLASH] = w.SAVED
                st.rerun()


def download() -> None:
    st.markdown(f"{w.time_text(clock(view.at))} {w.until_text(view.last_day)}")
    reminder = Reminder(view.token, view.timezone, view.at, view.first_day, view.last_day)
    st.download_button(
        w.DOWNLOAD,
        reminder_ics(reminder, stamp=utcnow()),
        file_name=FILE_NAME,
        mime=MEDIA_TYPE,
        type="primary",
        icon=":material/download:",
        width="stretch",
        on_click="ignore",
    )
    st.caption(w.CHANGE_TIME)


tap_targets()
st.title(w.PAGE_TITLE)
if flash := st.session_state.pop(FLASH, None):
    st.success(flash, icon=":material/check_circle:")
st.markdown(w.INTRO)
if not view.enrolled:
    st.info(w.NOT_ENROLLED)
else:
    if view.paused:
        st.warning(f"**{w.PAUSED_TITLE}.** {w.PAUSED}", icon=":material/pause_circle:")
    time_form()
    if view.ready:
        download()
    st.header(w.ADD_TITLE)
    steps(w.IPHONE_TITLE, w.IPHONE_ADD)
    steps(w.ANDROID_TITLE, w.ANDROID_ADD)
    st.header(w.DELETE_TITLE)
    st.markdown(w.DELETE_WHY)
    steps(w.IPHONE_TITLE, w.IPHONE_DELETE)
    steps(w.ANDROID_TITLE, w.ANDROID_DELETE)
st.page_link("pages/patient/today.py", label="Back to Today", icon=":material/arrow_back:")
help_footer()
