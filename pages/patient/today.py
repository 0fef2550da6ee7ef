"""Today: the program week, what is due today (done / not done), and the daily check-in."""

import logging

import streamlit as st
from streamlit.errors import StreamlitAPIException

from db.actions import InvalidInput, record_check_in, report_warning_signs
from db.queries import due_questionnaires, onboarding_state, today_for_patient
from pages.shell.common import current_actor, help_footer, show_guidance, show_not_sent
from pages.shell.plain import plain
from program import wording as w
from program.warning_signs import WARNING_SIGNS, guidance_for

SLEEP = {1: "Very poor", 2: "Poor", 3: "OK", 4: "Good", 5: "Very good"}
MOOD = {1: "Very low", 2: "Low", 3: "OK", 4: "Good", 5: "Very good"}
STRESS = {1: "Very low", 2: "Low", 3: "Some", 4: "High", 5: "Very high"}
YES_NO = ["No", "Yes"]
DONE_MARK, OPEN_MARK = ":material/check_circle:", ":material/radio_button_unchecked:"
log = logging.getLogger("recalibrate")

actor = current_actor()
view = today_for_patient(actor=actor)
# Placeholders filled after the check-in form below, so that saving shows as done at once.
later_slots: dict[str, object] = {}


def status_card(title: str, done: bool, detail: str = ""):
    """One due item with a plain done / not done line; returns the card for a link below."""
    card = st.container(border=True)
    badge = f":green-badge[{w.DONE}]" if done else f":gray-badge[{w.NOT_DONE}]"
    card.markdown(
        f"{DONE_MARK if done else OPEN_MARK} **{title}**  \n{badge}"
        + (f" {detail}" if detail else "")
    )
    return card


def link(card, page: str, label: str, **query: str) -> None:
    try:
        card.page_link(page, label=label, icon=":material/arrow_forward:", query_params=query)
    except StreamlitAPIException:  # the page is not registered for this account
        card.caption(w.QUESTIONS_LATER)


def lesson_cards(states) -> None:
    for state in states:
        lesson = view.lesson(state.module.id)
        card = status_card(state.module.title, lesson.done, w.minutes_text(lesson.minutes))
        if not lesson.done:
            link(card, "pages/patient/learn.py", w.OPEN_LESSON, lesson=lesson.slug)


def questionnaire_cards() -> int:
    due = due_questionnaires(actor=actor)
    for item in due:
        card = status_card(item.title, False)
        label = w.CARRY_ON_QUESTIONS if item.started else w.START_QUESTIONS
        link(card, "pages/patient/questionnaire.py", label, instrument=item.instrument)
    return len(due)


def check_in_card() -> None:
    later_slots["check_in"] = st.empty()


def fill_later_slots(checked_in: bool) -> None:
    if slot := later_slots.get("check_in"):
        with slot.container():
            status_card(w.CHECK_IN_TITLE, checked_in, "" if checked_in else w.CHECK_IN_HINT)
    if (slot := later_slots.get("all_done")) and checked_in:
        slot.success(w.ALL_DONE, icon=":material/celebration:")


def baseline_steps() -> None:
    state = onboarding_state(actor=actor)
    if not state.in_baseline:
        st.info(w.STARTS_SOON)
        return
    st.subheader(w.SETTING_UP)
    for step in state.progress.steps:
        card = status_card(step.title, step.done, step.detail)
        if step.instrument is not None and not step.done:
            label = w.CARRY_ON_QUESTIONS if step.instrument in state.drafts else w.START_QUESTIONS
            link(card, "pages/patient/questionnaire.py", label, instrument=step.instrument)


def due_list() -> None:
    """Today's steps apart from what is still open from earlier this week (never "missed")."""
    st.markdown(f"**{w.TODAY_STEPS}**")
    check_in_card()
    today = plan.due_today()
    lesson_cards(today)
    questionnaires = questionnaire_cards()
    open_earlier = [s for s in plan.due_earlier_this_week() if not view.lesson(s.module.id).done]
    if not today and not questionnaires:
        st.markdown(w.NOTHING_NEW if open_earlier else w.NOTHING_DUE)
    elif not questionnaires and all(view.lesson(s.module.id).done for s in today):
        later_slots["all_done"] = st.empty()
    if open_earlier:
        st.markdown(f"**{w.STILL_OPEN}**")
        st.caption(w.STILL_OPEN_TEXT)
        lesson_cards(open_earlier)
    if later := [s.module.title for s in plan.due_later_this_week()]:
        st.caption(w.later_this_week(later))


st.title(f"Hi {view.patient_name}")
plan = view.plan
if plan is None:
    st.info(w.NOT_SET_UP)
elif plan.paused:
    st.info(
        f"**{w.PAUSED_TITLE}** {plan.pause_reason}\n\n{w.PAUSED_TEXT}",
        icon=":material/pause_circle:",
    )
elif plan.week == 0:
    baseline_steps()
elif plan.finished:
    st.success(f"**{w.FINISHED_TITLE}** {w.FINISHED_TEXT}", icon=":material/celebration:")
    st.markdown(f"**{w.TODAY_STEPS}**")
    check_in_card()
    questionnaire_cards()
else:
    st.subheader(f"Week {plan.display_week} of {plan.weeks}")
    due_list()
if plan is not None and not plan.paused:
    for state in plan.held():
        st.info(
            w.held_text(state.module.title, plain(state.reason)), icon=":material/pause_circle:"
        )

# --- daily check-in ---------------------------------------------------------------------------
just_saved = False
st.header("Daily check-in", divider="gray")
saved = view.check_in
day_key = view.local_date.isoformat()
if saved is not None:
    st.caption("You checked in today. You can change your answers and save again.")


def _key(name: str) -> str:
    return f"checkin-{day_key}-{name}"


def _default(name: str, value: object) -> None:
    st.session_state.setdefault(_key(name), value)


_default("pain", saved.pain if saved else 5)
_default("sleep", saved.sleep_quality if saved else None)
_default("mood", saved.mood if saved else None)
_default("stress", saved.stress if saved else None)
_default("flare", "Yes" if saved and saved.flare else ("No" if saved else None))
_default("meds", "Yes" if saved and saved.medicines_changed else ("No" if saved else None))
_default("meds_note", (saved.medicines_note or "") if saved else "")
_default("new", "Yes" if saved and saved.anything_new else ("No" if saved else None))
for sign in WARNING_SIGNS:
    _default(f"sign-{sign.key}", bool(saved and sign.key in saved.warning_signs))

pain = st.select_slider(
    "How strong is your pain right now? (0 = no pain, 10 = worst you can imagine)",
    options=list(range(11)),
    key=_key("pain"),
)
sleep = st.segmented_control(
    "How did you sleep last night?", list(SLEEP), format_func=SLEEP.get, key=_key("sleep")
)
mood = st.segmented_control(
    "How is your mood today?", list(MOOD), format_func=MOOD.get, key=_key("mood")
)
stress = st.segmented_control(
    "How stressed do you feel?", list(STRESS), format_func=STRESS.get, key=_key("stress")
)
flare = st.segmented_control("Are you having a flare today?", YES_NO, key=_key("flare"))
meds = st.segmented_control("Any change in your medicines?", YES_NO, key=_key("meds"))
if meds == "Yes":
    st.text_area(
        "What changed? Your care team will read this.", max_chars=1000, key=_key("meds_note")
    )
anything_new = st.segmented_control(
    "Anything new or different about your health since your last check-in?", YES_NO, key=_key("new")
)


def send_signs(signs: list[str]) -> None:
    """The ticked signs on their own, to the care team, whatever the other answers are."""
    sent_key = _key("signs-sent")
    if st.button(w.SEND_SIGNS, type="primary", width="stretch", key=_key("send-signs")):
        try:
            result = report_warning_signs(actor=actor, warning_signs=signs)
        except Exception:  # any failure: the patient must know nothing was sent
            log.exception("sending warning signs failed")
            st.session_state.pop(sent_key, None)
            show_not_sent()
            return
        st.session_state[sent_key] = signs
        st.success(w.SIGNS_SENT, icon=":material/check_circle:")
        st.markdown(w.WHAT_TO_DO_NOW)
        show_guidance(result.guidance)
    elif st.session_state.get(sent_key) == signs:
        st.success(w.SIGNS_SENT_BEFORE, icon=":material/check_circle:")
    else:
        st.caption(w.SEND_SIGNS_HINT)


ticked: list[str] = []
if anything_new == "Yes":
    st.markdown("**Is any of this true for you now?** Tick all that apply.")
    for sign in WARNING_SIGNS:
        if st.checkbox(sign.text, key=_key(f"sign-{sign.key}")):
            ticked.append(sign.key)
    # Shown from the ticks themselves, before and whether or not saving works.
    if guidance := guidance_for(ticked):
        show_guidance(guidance)
        send_signs(ticked)

if st.button("Save check-in", type="primary", width="stretch"):
    missing = [
        label
        for label, value in (
            ("sleep", sleep),
            ("mood", mood),
            ("stress", stress),
            ("flare", flare),
            ("medicines", meds),
            ("anything new", anything_new),
        )
        if value is None
    ]
    if missing:
        st.error("Please answer: " + ", ".join(missing) + ".")
        if ticked and st.session_state.get(_key("signs-sent")) != ticked:
            st.warning(w.SIGNS_NOT_SENT_YET, icon=":material/emergency:")
    else:
        try:
            result = record_check_in(
                actor=actor,
                pain=pain,
                sleep_quality=sleep,
                mood=mood,
                stress=stress,
                flare=flare == "Yes",
                medicines_changed=meds == "Yes",
                medicines_note=st.session_state.get(_key("meds_note")),
                anything_new=anything_new == "Yes",
                warning_signs=ticked,
            )
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            just_saved = True
            st.success("Thank you. Your check-in is saved.", icon=":material/check_circle:")
            if result.guidance is not None:
                st.markdown("Your care team has been told. Please also do this now:")
                show_guidance(result.guidance)

fill_later_slots(view.check_in is not None or just_saved)
help_footer()
