"""Sleep: the diary (last night by default), the last 7 nights, habits for everyone, and the bedtime
plan only when a clinician has switched bedtime scheduling on for this patient."""

from datetime import time

import streamlit as st

from db.actions import InvalidInput, save_sleep_diary
from db.models.sleep import MAX_AWAKENINGS, MAX_NIGHT_MINUTES
from db.queries import DiaryNight, sleep_for_patient
from pages.shell.common import current_actor, help_footer
from pages.shell.plain import plain
from program import sleep_wording as w

# Big targets for a thumb: inputs and the save button at least 48 px tall.
SLEEP_CSS = """<style>
.st-key-sleep-diary input, .st-key-sleep-diary [role="group"] { min-height: 48px; font-size: 1.05rem; }
.st-key-sleep-diary [role="spinbutton"] { padding: 10px 2px; }
.st-key-sleep-diary [data-testid="stNumberInputStepDown"],
.st-key-sleep-diary [data-testid="stNumberInputStepUp"] { min-width: 48px; min-height: 48px; }
.st-key-sleep-diary [data-baseweb="select"] > div { min-height: 48px; }
.st-key-sleep-diary div[data-testid="stButtonGroup"] button { min-height: 48px; }
.st-key-sleep-diary [data-testid="stFormSubmitButton"] button { min-height: 48px; }
</style>"""
FLASH = "sleep-flash"
# Used until the patient's first saved night gives their own usual times.
FIRST_NIGHT = {
    "into_bed": time(23, 0),
    "minutes_to_sleep": 15,
    "awakenings": 1,
    "minutes_awake": 15,
    "final_wake": time(6, 30),
    "out_of_bed": time(7, 0),
}

actor = current_actor()
view = sleep_for_patient(actor=actor)
st.html(SLEEP_CSS)


def bedtime_plan() -> None:
    """Shown only while bedtime scheduling is on for this patient (the query says None otherwise)."""
    plan = view.plan
    st.header(w.PLAN_TITLE)
    with st.container(border=True):
        st.markdown(w.PLAN_INTRO)
        if plan.window is None:
            st.markdown(w.PLAN_WAITING)
        else:
            if plan.bedtime:
                st.subheader(w.bedtime_text(plan.bedtime, plan.wake_time))
            else:
                st.markdown(w.NO_WAKE_TIME)
            st.markdown(f"{w.window_text(plan.window.minutes)} {w.change_text(plan.window)}")
        if plan.note:
            st.markdown(w.note_text(plain(plan.note)))
        st.warning(w.DRIVING_WARNING, icon=":material/directions_car:")


def starting_values(night: DiaryNight | None) -> dict[str, object]:
    """The form's first values: the night being changed, else the latest night, else typical."""
    return FIRST_NIGHT if night is None else {name: getattr(night, name) for name in FIRST_NIGHT}


def diary() -> None:
    st.header(w.DIARY_TITLE)
    if flash := st.session_state.pop(FLASH, None):
        st.success(flash, icon=":material/check_circle:")
    with st.container(key="sleep-diary"):
        night = st.selectbox(
            w.WHICH_NIGHT,
            view.nights_to_choose,
            format_func=lambda n: w.night_label(n, view.today),
        )
        saved = view.entries.get(night)
        if saved is not None:
            st.info(w.ALREADY_FILLED, icon=":material/edit:")
        start = starting_values(
            saved or (view.entries[max(view.entries)] if view.entries else None)
        )
        key = night.isoformat()
        with st.form(f"diary-{key}", border=False):
            st.caption(w.TIMES_HINT)
            into_bed = st.time_input(
                w.INTO_BED, start["into_bed"], step=300, format="localized", key=f"in-{key}"
            )
            to_sleep = st.number_input(
                w.TO_SLEEP, 0, MAX_NIGHT_MINUTES, start["minutes_to_sleep"], 5, key=f"to-{key}"
            )
            awakenings = st.number_input(
                w.AWAKENINGS, 0, MAX_AWAKENINGS, start["awakenings"], 1, key=f"wk-{key}"
            )
            awake = st.number_input(
                w.AWAKE, 0, MAX_NIGHT_MINUTES, start["minutes_awake"], 5, key=f"aw-{key}"
            )
            final_wake = st.time_input(
                w.FINAL_WAKE, start["final_wake"], step=300, format="localized", key=f"fw-{key}"
            )
            out_of_bed = st.time_input(
                w.OUT_OF_BED, start["out_of_bed"], step=300, format="localized", key=f"ob-{key}"
            )
            # Asked, not assumed: nothing is chosen until the patient taps (as pain on Today).
            quality = st.segmented_control(
                w.QUALITY,
                list(w.QUALITY_LABELS),
                format_func=w.QUALITY_LABELS.get,
                default=saved.quality if saved else None,
                key=f"q-{key}",
            )
            submitted = st.form_submit_button(w.SAVE, type="primary", width="stretch")
    if not submitted:
        return
    if quality is None:
        st.error(f"{w.NOT_SAVED} {w.NO_QUALITY}", icon=":material/error:")
        return
    try:
        result = save_sleep_diary(
            actor=actor,
            night=night,
            into_bed=into_bed.strftime("%H:%M"),
            minutes_to_sleep=int(to_sleep),
            awakenings=int(awakenings),
            minutes_awake=int(awake),
            final_wake=final_wake.strftime("%H:%M"),
            out_of_bed=out_of_bed.strftime("%H:%M"),
            quality=int(quality),
        )
    except InvalidInput as exc:  # the patient's own words from program.sleep.summarize
        st.error(f"{w.NOT_SAVED} {exc}", icon=":material/error:")
        return
    entry = result.entry
    thanks = w.SAVED if result.created else w.UPDATED
    st.session_state[FLASH] = f"{thanks} {w.saved_night(entry.total_sleep, entry.time_in_bed)}"
    st.rerun()


def last_nights() -> None:
    st.header(w.WEEK_TITLE)
    st.markdown(w.week_text(view.last_week))
    lines = [
        f"- **{w.night_label(night, view.today)}**: "
        f"{w.duration(view.entries[night].total_sleep)} asleep, "
        f"{w.duration(view.entries[night].time_in_bed)} in bed"
        for night in view.nights_to_choose
        if night in view.entries
    ]
    if lines:
        st.markdown("\n".join(lines))


def habits() -> None:
    st.header(w.HABITS_TITLE)
    st.markdown(w.HABITS_INTRO)
    st.markdown("\n".join(f"- {habit}" for habit in w.HABITS))


st.title(w.SLEEP_TITLE)
st.markdown(w.SLEEP_INTRO)
if view.plan is not None:
    bedtime_plan()
diary()
last_nights()
habits()
help_footer()
