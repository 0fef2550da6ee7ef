"""One chosen exercise on Move: today's target and why, how to do it, baseline days and the log.

Each save calls one action, keeps its message for the next run and reruns, so the card is drawn
again from the saved rows (a log saved shows as saved at once).
"""

from __future__ import annotations

import streamlit as st

from db.actions import InvalidInput, log_movement, record_baseline_day
from db.models import FlarePlan
from db.movement_inputs import ChosenExercise
from pages.shell.plain import plain
from program import move_wording as mw
from program.defaults import DEFAULTS
from program.exercises import Exercise, picture
from program.movement_plan import MAX_AMOUNT, MoveState
from program.movement_wording import amount
from program.vocabulary import MovementFeeling, MovementResult

FLASH = "move-flash"  # session key: {exercise slug: message} shown once after a save


def flash(slug: str, message: str, kind: str = "success") -> None:
    st.session_state.setdefault(FLASH, {})[slug] = (kind, message)
    st.rerun()


def show_flash(slug: str) -> None:
    kind, message = st.session_state.get(FLASH, {}).pop(slug, (None, None))
    if message:
        (st.success if kind == "success" else st.info)(message, icon=":material/check_circle:")


def stop_rules(exercise: Exercise) -> None:
    """CLINICAL.md's stop rules, shown with every exercise, every time."""
    rules = "\n".join(f"- {rule}" for rule in exercise.stop_rules)
    st.warning(f"**{exercise.stop_intro}**\n\n{rules}\n\n{mw.STOP_CALL}", icon=":material/sos:")


def how_to(exercise: Exercise) -> None:
    with st.expander(mw.HOW_TO, icon=":material/help:"):
        if drawn := picture(exercise.slug):
            st.image(drawn.svg, alt=drawn.alt, width=240)
        st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(exercise.steps, start=1)))
        st.markdown(f"**{mw.EASIER}** {exercise.easier}")
        stop_rules(exercise)


def baseline_form(item: ChosenExercise, key: str) -> None:
    exercise, needed = item.exercise, DEFAULTS.movement_baseline_days
    st.markdown(f"**{mw.BASELINE_TITLE}**")
    st.markdown(mw.BASELINE_TEXT)
    st.caption(
        f"{mw.baseline_progress(item.day.baseline_days, needed)} "
        f"{mw.try_range(exercise.start_low, exercise.start_high, exercise.unit)}"
    )
    if item.baseline_today is not None:
        st.caption(mw.BASELINE_TODAY_DONE)
    value = st.number_input(
        mw.baseline_question(exercise.unit),
        min_value=1,
        max_value=MAX_AMOUNT,
        value=item.baseline_today,
        step=1,
        key=f"{key}-baseline",
    )
    if st.button(mw.BASELINE_SAVE, key=f"{key}-baseline-save", type="primary", width="stretch"):
        if value is None:
            st.error(mw.baseline_question(exercise.unit))
            return
        try:
            record_baseline_day(
                actor=st.session_state["actor"], exercise=exercise.slug, amount=value
            )
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            flash(exercise.slug, mw.BASELINE_SAVED)


def log_form(item: ChosenExercise, key: str) -> None:
    exercise, log = item.exercise, item.log_today
    if log is not None:
        st.caption(mw.LOGGED_TODAY)
    result = st.segmented_control(
        mw.LOG_RESULT,
        list(MovementResult),
        format_func=mw.RESULT_LABELS.get,
        default=log.result if log else None,
        key=f"{key}-result",
        width="stretch",
    )
    done = None
    if result in (MovementResult.LESS, MovementResult.MORE):
        done = st.number_input(
            mw.amount_question(exercise.unit),
            min_value=0,
            max_value=MAX_AMOUNT,
            value=log.amount if log and log.result == result else None,
            step=1,
            key=f"{key}-amount-{result}",
        )
    felt = st.segmented_control(
        mw.LOG_FELT,
        list(MovementFeeling),
        format_func=mw.FEELING_LABELS.get,
        default=log.felt if log else None,
        key=f"{key}-felt",
        width="stretch",
    )
    if st.button(mw.LOG_SAVE, key=f"{key}-save", type="primary", width="stretch"):
        if result is None or felt is None:
            st.error(mw.LOG_RESULT if result is None else mw.LOG_FELT)
            return
        try:
            log_movement(
                actor=st.session_state["actor"],
                exercise=exercise.slug,
                result=result,
                felt=felt,
                amount=done,
            )
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            message = mw.AFTER[MovementResult(result)]
            if felt == MovementFeeling.HARD:
                message += f"\n\n{mw.AFTER_HARD}"
            flash(exercise.slug, message, "success" if result != MovementResult.MORE else "info")


def flare_line(item: ChosenExercise, plan: FlarePlan | None) -> None:
    """On a flare day: the one flare rule, with the patient's own scale-down and the held level."""
    text = mw.flare_today(item.day.target, item.exercise.unit)
    if plan is not None and plan.scale_down:
        text += f"\n\n**{mw.FLARE_PROMPTS['scale_down'][0]}:** {plain(plan.scale_down)}"
    st.info(text, icon=":material/healing:")


def exercise_card(item: ChosenExercise, *, flare_today: bool, plan: FlarePlan | None) -> None:
    """The card of one chosen exercise."""
    exercise, day = item.exercise, item.day
    key = f"move-{exercise.slug}-{item.choice_id}"
    with st.container(border=True):
        st.subheader(exercise.name)
        show_flash(exercise.slug)
        if day.state == MoveState.BASELINE:
            baseline_form(item, key)
        elif day.state == MoveState.WAITING:
            st.markdown(mw.baseline_done(day.baseline, exercise.unit))
            st.markdown(f"{plain(day.why)} {mw.WAITING_TEXT}")
        elif day.state == MoveState.TARGET:
            st.metric(mw.TARGET_LABEL, amount(day.target, exercise.unit))
            st.markdown(plain(day.why))  # a clinician's reason is typed text
            if day.note:
                st.info(plain(day.note), icon=":material/stethoscope:")
            if flare_today:
                flare_line(item, plan)
            log_form(item, key)
        how_to(exercise)
