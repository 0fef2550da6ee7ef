"""Change my goals (on Progress): reword, mark achieved, archive, or add a goal."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from db.access import Actor
from db.actions import InvalidInput, edit_goal
from db.models import Goal, max_length
from db.queries import GoalRow
from pages.shell.plain import plain
from program.onboarding import MAX_GOALS

GOAL_MAX_CHARS = max_length(Goal, "text")

FLASH = "goals_flash"
SAVED = {
    "add": "Your new goal is saved.",
    "reword": "Your goal is saved.",
    "achieved": "Well done. Your goal is marked as reached.",
    "not_achieved": "Your goal is back on your list.",
    "archive": "That goal is put away. You can add a new one any time.",
}


def _change(actor: Actor, change: str, goal_id: int | None = None, text: str | None = None) -> None:
    try:
        edit_goal(actor=actor, change=change, goal_id=goal_id, text=text)
    except InvalidInput as exc:
        st.error(str(exc))
    else:
        st.session_state[FLASH] = SAVED[change]
        st.rerun()


def goal_editor(actor: Actor, goals: Sequence[GoalRow]) -> None:
    """The patient's own goals, each with its changes, then a box for a new one."""
    if flash := st.session_state.pop(FLASH, None):
        st.success(plain(flash))
    with st.expander("Change my goals", expanded=False):
        for n, goal in enumerate(goals, start=1):
            with st.form(f"goal-{goal.id}", border=True):
                text = st.text_input(
                    f"Goal {n}",
                    value=goal.text,
                    max_chars=GOAL_MAX_CHARS,
                    key=f"goal-text-{goal.id}",
                )
                with st.container(horizontal=True):
                    if st.form_submit_button("Save", type="primary", key=f"goal-save-{goal.id}"):
                        _change(actor, "reword", goal.id, text)
                    if goal.achieved:
                        if st.form_submit_button("Not reached yet", key=f"goal-undo-{goal.id}"):
                            _change(actor, "not_achieved", goal.id)
                    elif st.form_submit_button("I reached it", key=f"goal-done-{goal.id}"):
                        _change(actor, "achieved", goal.id)
                    if st.form_submit_button("Put away", key=f"goal-away-{goal.id}"):
                        _change(actor, "archive", goal.id)
        if len(goals) < MAX_GOALS:
            with st.form("goal-new", clear_on_submit=True, border=True):
                text = st.text_input("A new goal", max_chars=GOAL_MAX_CHARS)
                if st.form_submit_button("Add goal", type="primary"):
                    _change(actor, "add", text=text)
        else:
            st.markdown(f"You have {MAX_GOALS} goals. Put one away to add a new one.")
