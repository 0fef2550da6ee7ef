"""Questionnaires: one question per screen, each answer saved at once, crisis help from the answers.

Open with ``?instrument=PHQ9`` (links from Today and Getting started) or pick from the due list.
A locked phone or a reload resumes at the first unanswered question (the draft is on the server).
"""

import logging
from collections.abc import Callable

import streamlit as st

import db.actions as actions  # looked up at call time, so callbacks see the current functions
from db.queries import due_questionnaires
from pages.shell.common import current_actor, help_footer
from program.measures import get_instrument
from program.onboarding import (
    CRISIS_HEADING,
    CRISIS_STEPS,
    NOT_DUE_NOW,
    NOTHING_DUE,
    REVIEW_TEXT,
    SAVE_FAILED,
    SUBMIT_FAILED,
    THANK_YOU,
    first_unanswered,
    shows_crisis,
)

log = logging.getLogger("recalibrate")
CHOSEN, ERROR, SUBMITTED = "questionnaire", "questionnaire_error", "questionnaire_submitted"
for key in (CHOSEN, ERROR, SUBMITTED):
    st.session_state.setdefault(key, None)

# Big tap targets: every answer and navigation button at least 44 px tall, text left-aligned.
st.html(
    "<style>"
    "[class*='st-key-qopt-'] button, [class*='st-key-qnav-'] button "
    "{min-height: 52px; font-size: 1.05rem;}"
    "[class*='st-key-qopt-'] button {justify-content: flex-start; text-align: left;}"
    # The question is the page's second heading level (after the title), drawn at a calm size.
    ".st-key-qitem h2 {font-size: 1.25rem; padding-top: 0.5rem;}"
    "</style>"
)

actor = current_actor()
due = {q.instrument: q for q in due_questionnaires(actor=actor)}


def _answers_key(code: str) -> str:
    return f"questionnaire_answers_{code}"


def _position_key(code: str) -> str:
    return f"questionnaire_position_{code}"


def _choose(code: str) -> None:
    st.session_state[CHOSEN] = code
    st.session_state[ERROR] = None
    st.query_params["instrument"] = code


def _attempt(work: Callable[[], object], failed: str, what: str) -> bool:
    """Run ``work``; on a refusal or an error, keep the message to show and return False."""
    st.session_state[ERROR] = None
    try:
        work()
    except actions.InvalidInput as exc:
        st.session_state[ERROR] = str(exc)
        return False
    except Exception:
        log.exception("%s failed", what)
        st.session_state[ERROR] = failed
        return False
    return True


def _answer(code: str, key: str, value: int, next_position: int) -> None:
    # The answer is kept in the page first: crisis help is shown from it whether or not the save
    # below works.
    st.session_state[_answers_key(code)][key] = value
    saved = _attempt(
        lambda: actions.save_questionnaire_draft(
            actor=actor, instrument=code, answers={key: value}
        ),
        SAVE_FAILED,
        "saving a questionnaire answer",
    )
    if saved and not shows_crisis(code, {key: value}):  # stay with the crisis help, do not rush on
        st.session_state[_position_key(code)] = next_position


def _move(code: str, position: int) -> None:
    st.session_state[_position_key(code)] = position
    st.session_state[ERROR] = None


def _submit(code: str) -> None:
    answers = st.session_state[_answers_key(code)]

    def save_and_submit() -> None:
        # Answers whose save failed earlier are sent again before the questionnaire is scored.
        actions.save_questionnaire_draft(actor=actor, instrument=code, answers=answers)
        actions.submit_questionnaire(actor=actor, instrument=code)

    if not _attempt(save_and_submit, SUBMIT_FAILED, "submitting a questionnaire"):
        return
    st.session_state[SUBMITTED] = (code, shows_crisis(code, answers))
    for key in (_answers_key(code), _position_key(code)):
        st.session_state.pop(key, None)


def crisis_box() -> None:
    st.error(
        f"**{CRISIS_HEADING}**\n\n" + "\n".join(f"- {step}" for step in CRISIS_STEPS),
        icon=":material/sos:",
    )
    st.link_button("Call or text 988", "tel:988", type="primary", width="stretch")
    st.link_button("Call 911", "tel:911", width="stretch")


def due_list() -> None:
    if not due:
        st.info(NOTHING_DUE, icon=":material/check_circle:")
        return
    for item in due.values():
        with st.container(border=True):
            st.markdown(f"**{item.title}**  \n{item.items} questions")
            st.button(
                "Carry on" if item.started else "Start",
                key=f"qnav-start-{item.instrument}",
                type="primary",
                width="stretch",
                on_click=_choose,
                args=(item.instrument,),
            )


def thank_you(code: str, crisis: bool) -> None:
    st.title(get_instrument(code).title)
    if crisis:
        crisis_box()
    st.success(THANK_YOU, icon=":material/check_circle:")
    if due:
        st.subheader("Next")
        due_list()
    st.page_link("pages/patient/today.py", label="Back to Today", icon=":material/today:")


def question_screen(code: str, answers: dict[str, int], position: int) -> None:
    instrument = get_instrument(code)
    items = instrument.items
    item = items[position]
    st.progress(position / len(items), text=f"Question {position + 1} of {len(items)}")
    if position == 0 and not answers:
        st.write(instrument.intro)
    if instrument.stem:
        st.caption(instrument.stem)
    st.container(key="qitem").markdown(f"## {item.text}")
    for option in item.options:
        chosen = answers.get(item.key) == option.value
        st.button(
            option.label,
            key=f"qopt-{code}-{item.key}-{option.value}",
            type="primary" if chosen else "secondary",
            icon=":material/check:" if chosen else None,
            width="stretch",
            on_click=_answer,
            args=(code, item.key, option.value, position + 1),
        )
    st.button(
        "Back",
        key=f"qnav-back-{code}",
        disabled=position == 0,
        width="stretch",
        on_click=_move,
        args=(code, position - 1),
    )
    if item.key in answers:
        st.button(
            "Next",
            key=f"qnav-next-{code}",
            width="stretch",
            on_click=_move,
            args=(code, position + 1),
        )


def review_screen(code: str, answers: dict[str, int]) -> None:
    instrument = get_instrument(code)
    st.subheader("Check your answers")
    st.write(REVIEW_TEXT)
    lines = []
    for number, item in enumerate(instrument.items, start=1):
        label = next((o.label for o in item.options if o.value == answers.get(item.key)), "—")
        lines.append(f"{number}. {item.text}: **{label}**")
    st.markdown("\n".join(lines))
    st.button(
        "Submit",
        key=f"qnav-submit-{code}",
        type="primary",
        width="stretch",
        on_click=_submit,
        args=(code,),
    )
    st.button(
        "Back",
        key=f"qnav-back-{code}",
        width="stretch",
        on_click=_move,
        args=(code, len(instrument.items) - 1),
    )


code = st.query_params.get("instrument") or st.session_state[CHOSEN]
submitted = st.session_state[SUBMITTED]
if submitted is not None and submitted[0] == code:
    thank_you(*submitted)
elif code not in due:
    st.title("Questions")
    if code:
        st.caption(NOT_DUE_NOW)
    due_list()
else:
    st.title(get_instrument(code).title)
    st.session_state.setdefault(_answers_key(code), dict(due[code].answers))
    answers = {**due[code].answers, **st.session_state[_answers_key(code)]}
    st.session_state[_answers_key(code)] = answers
    st.session_state.setdefault(_position_key(code), first_unanswered(code, answers))
    position = st.session_state[_position_key(code)]
    # From the answers on this screen, before and whether or not any save succeeded.
    if shows_crisis(code, answers):
        crisis_box()
    if st.session_state[ERROR]:
        st.warning(st.session_state[ERROR], icon=":material/sync_problem:")
    if position < len(get_instrument(code).items):
        question_screen(code, answers, position)
    else:
        review_screen(code, answers)
help_footer()
