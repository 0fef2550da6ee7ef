"""Getting started: welcome and consent, the patient's goals, then the baseline-week steps."""

import streamlit as st

from db.actions import InvalidInput, give_consent, save_goals
from db.models import Goal, max_length
from db.queries import onboarding_state
from pages.shell.common import current_actor, help_footer
from pages.shell.plain import plain
from program.onboarding import (
    BASELINE_DONE_TEXT,
    BASELINE_TEXT,
    BASELINE_TITLE,
    CONSENT_AGREEMENT,
    CONSENT_SECTIONS,
    CONSENT_TITLE,
    DAILY_PAIN,
    GOALS_HINT,
    GOALS_QUESTION,
    MAX_GOALS,
    NOT_SET_UP,
    WELCOME_TEXT,
    WELCOME_TITLE,
)

EDIT_GOALS = "onboarding_edit_goals"
st.session_state.setdefault(EDIT_GOALS, False)

actor = current_actor()
state = onboarding_state(actor=actor)
screen = "goals" if st.session_state[EDIT_GOALS] and state.consented else state.screen


def consent_screen() -> None:
    st.title(WELCOME_TITLE)
    st.write(WELCOME_TEXT)
    st.header(CONSENT_TITLE, divider="gray")
    for head, body in CONSENT_SECTIONS:
        if head == "In an emergency":
            st.error(f"**{head}**\n\n{body}", icon=":material/sos:")
        elif head.startswith("Nobody watches"):
            st.warning(f"**{head}**\n\n{body}", icon=":material/schedule:")
        else:
            st.markdown(f"**{head}**\n\n{body}")
    st.markdown(f"**{CONSENT_AGREEMENT}**")
    if st.button("I agree", type="primary", width="stretch"):
        try:
            give_consent(actor=actor, version=state.consent_version)
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            st.rerun()


def goals_screen() -> None:
    st.title(GOALS_QUESTION)
    st.write(GOALS_HINT)
    current = list(state.goals) + [""] * MAX_GOALS
    with st.form("goals"):
        texts = [
            st.text_input(
                f"Goal {n + 1}" if n == 0 else f"Goal {n + 1} (if you like)",
                value=current[n],
                max_chars=max_length(Goal, "text"),
                key=f"goal-{n}",
            )
            for n in range(MAX_GOALS)
        ]
        saved = st.form_submit_button("Save my goals", type="primary", width="stretch")
    if saved:
        try:
            save_goals(actor=actor, goals=texts)
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            st.session_state[EDIT_GOALS] = False
            st.rerun()


def baseline_screen() -> None:
    st.title(BASELINE_TITLE)
    if screen == "done":
        st.success(BASELINE_DONE_TEXT, icon=":material/celebration:")
        st.page_link("pages/patient/today.py", label="Go to Today", icon=":material/today:")
    else:
        st.write(BASELINE_TEXT)
    if not state.enrolled and screen != "done":
        st.info(NOT_SET_UP)
    for step in state.progress.steps:
        with st.container(border=True):
            mark = ":material/check_circle:" if step.done else ":material/radio_button_unchecked:"
            st.markdown(f"{mark} **{step.title}**" + (f"  \n{step.detail}" if step.detail else ""))
            if step.done or not state.in_baseline:
                continue
            if step.instrument is not None:
                started = step.instrument in state.drafts
                st.page_link(
                    "pages/patient/questionnaire.py",
                    label="Carry on" if started else "Start",
                    icon=":material/arrow_forward:",
                    query_params={"instrument": step.instrument},
                )
            elif step.key == DAILY_PAIN:
                st.page_link(
                    "pages/patient/today.py",
                    label="Go to the daily check-in",
                    icon=":material/arrow_forward:",
                )
    if state.goals:
        st.header("Your goals")
        st.markdown("\n".join(f"- {plain(goal)}" for goal in state.goals))
        if st.button("Change my goals", width="stretch"):
            st.session_state[EDIT_GOALS] = True
            st.rerun()


if screen == "consent":
    consent_screen()
elif screen == "goals":
    goals_screen()
else:
    baseline_screen()
help_footer()
