"""Move: the stop rules, today's target per chosen exercise and why, logging it, and choosing."""

import streamlit as st

from db.actions import InvalidInput, choose_exercises
from db.queries import movement_for_patient
from pages.patient.move_card import exercise_card, flash, show_flash, stop_rules
from pages.shell.common import current_actor, help_footer
from pages.shell.plain import plain
from program import move_wording as mw
from program.exercises import library_by_slug

# Answer chips and links a thumb can hit (at least 44 px tall).
MOVE_CSS = """<style>
div[data-testid="stButtonGroup"] button, div[data-testid="stButton"] button { min-height: 48px; }
[data-testid="stPageLink"] a { min-height: 44px; align-items: center; }
</style>"""

actor = current_actor()
view = movement_for_patient(actor=actor)
library = library_by_slug()


def chooser(chosen: list[str]) -> None:
    """Pick exercises by kind; one save sets them all (new ones start with baseline days)."""
    st.caption(mw.CHOOSE_HINT)
    picked: list[str] = []
    for kind, label in mw.KIND_LABELS.items():
        options = [e.slug for e in view.library if e.kind == kind]
        picked += st.pills(
            label,
            options,
            selection_mode="multi",
            format_func=lambda slug: library[slug].name,
            default=[slug for slug in chosen if slug in options],
            key=f"move-pick-{kind}",
        )
    if st.button(mw.CHOOSE_SAVE, type="primary", width="stretch", key="move-pick-save"):
        try:
            choose_exercises(actor=actor, exercises=picked)
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            flash("choice", mw.CHOOSE_SAVED)


st.html(MOVE_CSS)
st.title(mw.MOVE_TITLE)
st.caption(mw.MOVE_INTRO)
if view.library:  # the library's stop rules, every time (and again with each exercise)
    stop_rules(view.library[0])
show_flash("choice")
chosen = [item.exercise.slug for item in view.chosen]
if not view.enrolled:
    st.info(mw.NOT_SET_UP)
elif view.paused:
    reason = f" {plain(view.pause_reason)}" if view.pause_reason else ""
    st.info(f"**{mw.PAUSED_TITLE}**{reason}\n\n{mw.PAUSED_TEXT}", icon=":material/pause_circle:")
else:
    if view.finished:
        st.info(mw.MAINTENANCE_TEXT, icon=":material/celebration:")
    if not view.chosen:
        st.header(mw.CHOOSE_TITLE)
        st.markdown(mw.NONE_CHOSEN)
        chooser(chosen)
    if view.chosen:
        st.header(mw.TODAY_TITLE)
    for item in view.chosen:
        exercise_card(item, flare_today=view.flare_today, plan=view.flare_plan)
    if view.chosen:
        with st.expander(mw.CHANGE_TITLE, icon=":material/edit:"):
            chooser(chosen)
st.page_link("pages/patient/flare_plan.py", label=mw.FLARE_LINK, icon=":material/healing:")
help_footer()
