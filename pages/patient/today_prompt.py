"""The follow-up prompt at the top of Today: why the care team would like to hear from the patient,
in the rule's own words from their data, and what they can do.

Emergency and urgent prompts say what to do now first (911, 988, the clinic's phone) and offer a
visit only after that; soon and routine ones offer "Schedule a follow-up" and "Not now". A follow-up
already on its way is shown instead of a second request.
"""

from __future__ import annotations

import logging

import streamlit as st

from db.access import Actor
from db.actions import InvalidInput, answer_not_now
from db.queries import follow_up_prompts
from db.queries.follow_ups import PatientRequest, Prompt
from pages.shell.common import show_guidance
from pages.shell.plain import plain
from program import follow_up_wording as fw
from program.vocabulary import FollowUpStatus, Severity

FOLLOW_UP_PAGE = "pages/patient/follow_up.py"
DONE_KEY = "follow-up-not-now-done"
log = logging.getLogger("recalibrate")
# The prompt's buttons and links a thumb can hit (at least 44 px tall).
PROMPT_CSS = """<style>
.st-key-follow-up-prompt [data-testid="stPageLink"] a,
.st-key-follow-up-recent [data-testid="stPageLink"] a { min-height: 48px; align-items: center; }
.st-key-follow-up-prompt button { min-height: 48px; }
</style>"""


def _status(active: PatientRequest) -> str:
    visit = active.visit
    if active.status == FollowUpStatus.SCHEDULED and visit is not None:
        return fw.scheduled_line(visit.local_date, visit.local_time, visit.modality)
    return fw.requested_line(active.asked_on)


def _ask_or_status(prompt: Prompt | None, active: PatientRequest | None) -> None:
    if active is not None:
        st.markdown(_status(active))
        st.page_link(FOLLOW_UP_PAGE, label=fw.SEE_FOLLOW_UP, icon=":material/event:")
        return
    params = {"flag": str(prompt.flag_id)} if prompt is not None else None
    if st.button(
        fw.SCHEDULE,
        type="secondary" if prompt is not None and prompt.act_now else "primary",
        icon=":material/event_available:",
        width="stretch",
        key=f"schedule-{prompt.flag_id if prompt else 'own'}",
    ):
        st.switch_page(FOLLOW_UP_PAGE, query_params=params)


def _call_buttons(prompt: Prompt) -> None:
    """The numbers to call now: 988 first for a self-harm answer, 911 for an emergency (the
    clinic's card comes with an urgent prompt's steps)."""
    crisis = any("988 now" in step for step in prompt.act_now.steps)
    if crisis:
        st.link_button("Call or text 988", "tel:988", type="primary", width="stretch")
        st.link_button("Call 911", "tel:911", width="stretch")
    elif prompt.severity == Severity.EMERGENCY:
        st.link_button("Call 911", "tel:911", type="primary", width="stretch")


def _act_now(prompt: Prompt, active: PatientRequest | None) -> None:
    st.markdown(f"**{plain(prompt.text)}**")
    st.markdown(fw.ACT_NOW_INTRO)
    show_guidance(prompt.act_now)
    _call_buttons(prompt)
    st.markdown(fw.ALSO_ASK)
    _ask_or_status(prompt, active)


def _calm(actor: Actor, prompt: Prompt, active: PatientRequest | None, days: int) -> None:
    st.markdown(f"**{fw.PROMPT_TITLE}**")
    st.markdown(plain(prompt.text))
    _ask_or_status(prompt, active)
    if (
        prompt.not_now
        and active is None
        and st.button(fw.NOT_NOW, width="stretch", key=f"not-now-{prompt.flag_id}")
    ):
        try:
            answer_not_now(actor=actor, flag_id=prompt.flag_id)
        except InvalidInput as exc:
            st.error(str(exc))
            return
        except Exception:  # the prompt stays; nothing else on Today depends on this
            log.exception("saving Not now failed")
            st.error(fw.NOT_SENT)
            return
        st.session_state[DONE_KEY] = fw.not_now_done(days)
        st.rerun()


def follow_up_prompt(actor: Actor) -> None:
    """Draw the prompts (every emergency and urgent one, the first calm one) and the follow-up
    in progress, or nothing at all."""
    if done := st.session_state.pop(DONE_KEY, None):
        st.success(done, icon=":material/schedule:")
    view = follow_up_prompts(actor=actor)
    urgent = [p for p in view.prompts if p.act_now is not None]
    calm = [p for p in view.prompts if p.act_now is None]
    st.html(PROMPT_CSS)
    if not view.prompts and view.active is None:
        if view.recent is not None:  # a visit lately changed the plan: say where to read why
            with st.container(border=True, key="follow-up-recent"):
                st.markdown(fw.completed_line(view.recent.visit.local_date))
                st.page_link(FOLLOW_UP_PAGE, label=fw.SEE_WHY, icon=":material/event:")
        return
    with st.container(border=True, key="follow-up-prompt"):
        for prompt in urgent:
            _act_now(prompt, view.active)
        if calm and not urgent:
            _calm(actor, calm[0], view.active, view.not_now_days)
        elif calm:
            st.markdown(f"{fw.MORE_PROMPTS} {plain(calm[0].text)}")
        if not view.prompts:
            st.markdown(_status(view.active))
            st.page_link(FOLLOW_UP_PAGE, label=fw.SEE_FOLLOW_UP, icon=":material/event:")
