"""Today: the program week, what is due today (done / not done), and the daily check-in."""

import logging

import streamlit as st
from streamlit.errors import StreamlitAPIException

from db.actions import InvalidInput, record_check_in, report_warning_signs, save_check_in_draft
from db.models import CheckIn, max_length
from db.queries import due_questionnaires, onboarding_state, today_for_patient
from pages.patient.program_links import program_links
from pages.patient.today_maintenance import maintenance_plan
from pages.patient.today_movement import flare_plan_now, movement_links
from pages.patient.today_pause import pause_notice
from pages.patient.today_prompt import follow_up_prompt
from pages.shell.common import current_actor, help_footer, show_guidance, show_not_sent
from pages.shell.plain import plain
from program import wording as w
from program.warning_signs import WARNING_SIGNS, guidance_for

SLEEP = {1: "Very poor", 2: "Poor", 3: "OK", 4: "Good", 5: "Very good"}
MOOD = {1: "Very low", 2: "Low", 3: "OK", 4: "Good", 5: "Very good"}
STRESS = {1: "Very low", 2: "Low", 3: "Some", 4: "High", 5: "Very high"}
YES_NO = ["No", "Yes"]
# Answer buttons a thumb can hit (at least 44 px tall), and "Check in now" drawn as a button.
CHECK_IN_CSS = """<style>
div[data-testid="stButtonGroup"] button { min-height: 48px; }
div[data-testid="stButtonGroup"] button[data-hovered="true"] p { color: #17594a; } /* AA */
#daily-check-in { scroll-margin-top: 112px; } /* below the menu that stays at the top */
a[href="#daily-check-in"] {
  display: inline-flex; align-items: center; justify-content: center; min-height: 48px;
  width: 100%; box-sizing: border-box; padding: 0 16px; border-radius: 8px;
  background: #1f6f5c; color: #ffffff !important; text-decoration: none; font-weight: 600;
}
</style>"""
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
    """Drawn after the check-in below has been saved, so this run already shows it as done."""
    if slot := later_slots.get("check_in"):
        with slot.container():
            card = status_card(w.CHECK_IN_TITLE, checked_in)
            if not checked_in:
                card.markdown(f"[{w.CHECK_IN_NOW}](#{w.CHECK_IN_ANCHOR})")
    if (slot := later_slots.get("all_done")) and checked_in:
        slot.success(w.ALL_DONE, icon=":material/celebration:")
    if slot := later_slots.get("baseline"):
        with slot.container():
            baseline_steps()


def baseline_steps() -> None:
    state = onboarding_state(actor=actor)
    if not state.in_baseline:
        st.info(w.STARTS_SOON)
        return
    st.header(w.SETTING_UP)
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


st.html(CHECK_IN_CSS)
st.title(f"Hi {plain(view.patient_name)}")
follow_up_prompt(actor)  # a rule fired, or a follow-up is on its way: first, before the plan
movement_links()  # Move and the flare plan, one tap away at any time
plan = view.plan
if plan is None:
    st.info(w.NOT_SET_UP)
elif plan.paused:
    pause_notice(plan)
elif plan.week == 0:
    later_slots["baseline"] = st.empty()  # "Check in on 3 days" counts a check-in saved below
elif plan.finished:
    maintenance_plan(plan, actor)
    st.markdown(f"**{w.TODAY_STEPS}**")
    check_in_card()
    questionnaire_cards()
else:
    st.header(f"Week {plan.display_week} of {plan.weeks}")
    due_list()
if plan is not None and not plan.paused:
    for state in plan.held():
        st.info(
            w.held_text(state.module.title, plain(state.reason)), icon=":material/pause_circle:"
        )

# --- daily check-in ---------------------------------------------------------------------------
# What the patient chose today is kept in a plain session key (ANSWERS, outside Streamlit's widget
# bookkeeping), seeded from the saved row, and sent to the answer buttons on every run (_sync).
# Nothing is pre-filled on a day without a saved check-in: an unanswered question is asked for.
just_saved = False
st.header(w.CHECK_IN_TITLE, divider="gray", anchor=w.CHECK_IN_ANCHOR)
saved = view.check_in
day_key = view.local_date.isoformat()
if saved is not None:
    st.caption(w.CHECKED_IN_TODAY)


def _key(name: str) -> str:
    return f"checkin-{day_key}-{name}"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def saved_answers() -> dict[str, object]:
    if saved is None:
        return {}
    return {
        "pain": saved.pain,
        "sleep": saved.sleep_quality,
        "mood": saved.mood,
        "stress": saved.stress,
        "flare": _yes_no(saved.flare),
        "meds": _yes_no(saved.medicines_changed),
        "meds_note": saved.medicines_note or "",
        "new": _yes_no(saved.anything_new),
        **{f"sign-{sign.key}": sign.key in saved.warning_signs for sign in WARNING_SIGNS},
    }


YES_NO_NAMES = ("flare", "meds", "new")


def from_draft(draft: dict) -> dict[str, object]:
    """The page's answers from a check-in draft (another session's answers so far)."""
    page: dict[str, object] = {k: v for k, v in draft.items() if k not in (*YES_NO_NAMES, "signs")}
    page.update({k: _yes_no(draft[k]) for k in YES_NO_NAMES if k in draft})
    if "signs" in draft:
        page.update({f"sign-{s.key}": s.key in draft["signs"] for s in WARNING_SIGNS})
    return page


def to_draft(page: dict[str, object]) -> dict[str, object]:
    """What save_check_in_draft keeps of the page's answers (answered questions only)."""
    draft = {k: page[k] for k in ("pain", "sleep", "mood", "stress") if page.get(k) is not None}
    if page.get("meds_note"):
        draft["meds_note"] = page["meds_note"]
    draft.update({k: page[k] == "Yes" for k in YES_NO_NAMES if page.get(k) is not None})
    if signs := [s.key for s in WARNING_SIGNS if page.get(f"sign-{s.key}")]:
        draft["signs"] = signs
    return draft


answers: dict[str, object] = st.session_state.setdefault(_key("answers"), {})
# Saved answers first; else the answers so far from another session (a locked phone, a dropped
# connection, a second device), kept as a draft while answering.
for name, value in (saved_answers() or from_draft(view.draft_answers)).items():
    answers.setdefault(name, value)
st.session_state.setdefault(_key("draft-sent"), to_draft(answers))


def _sync(name: str) -> object:
    """Keep what the patient chose, and send it to the phone again on every run; the widget's
    default for this run (None: the value is set through session_state instead).

    A widget's own value wins when it has one. An empty value (a second tap on the chosen answer,
    a blank sent back by the cookie manager's first-load rerun, a widget dropped for a run) keeps
    the answer. Setting the value again each run makes Streamlit send it to the browser each run:
    a phone that drew the answers blank while logging in shows them on the very next run.

    Except on the widget's first draw in this server session (a new login, or a phone that
    reconnected after a restart, a deploy or a move to the other replica): the kept answer is only
    its default then. Set through session_state in that run it overrode the tap the phone had
    just sent, and the patient's first tap after a reconnect snapped back
    (tests/browser/test_reconnect_phone.py).
    """
    key = _key(name)
    if key not in st.session_state:
        return answers.get(name)
    current = st.session_state[key]
    if current is not None:
        answers[name] = current
    if answers.get(name) is not None:
        st.session_state[key] = answers[name]
    return None


def choice(name: str, label: str, options: list, labels: dict | None = None):
    default = _sync(name)
    value = st.segmented_control(
        label,
        options,
        format_func=labels.get if labels else str,
        key=_key(name),
        default=default,
        width="stretch",
    )
    if value is not None:
        answers[name] = value
    return value


pain = choice("pain", w.PAIN_QUESTION, list(range(11)))
sleep = choice("sleep", "How did you sleep last night?", list(SLEEP), SLEEP)
mood = choice("mood", "How is your mood today?", list(MOOD), MOOD)
stress = choice("stress", "How stressed do you feel?", list(STRESS), STRESS)
flare = choice("flare", "Are you having a flare today?", YES_NO)
if flare == "Yes":  # the flare plan at once, whether or not the check-in is saved yet
    flare_plan_now(actor)
meds = choice("meds", "Any change in your medicines?", YES_NO)
if meds == "Yes":
    answers["meds_note"] = st.text_area(
        "What changed? Your care team will read this.",
        value=_sync("meds_note") or "",
        max_chars=max_length(CheckIn, "medicines_note"),
        key=_key("meds_note"),
    )
anything_new = choice(
    "new", "Anything new or different about your health since your last check-in?", YES_NO
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
        name = f"sign-{sign.key}"
        answers[name] = st.checkbox(sign.text, value=bool(_sync(name)), key=_key(name))
        if answers[name]:
            ticked.append(sign.key)
    # Shown from the ticks themselves, before and whether or not saving works.
    if guidance := guidance_for(ticked):
        show_guidance(guidance)
        send_signs(ticked)


def keep_draft() -> None:
    """Save the answers so far whenever one changes, until today's check-in is saved."""
    draft = to_draft(answers)
    if saved is not None or draft == st.session_state[_key("draft-sent")]:
        return
    try:
        save_check_in_draft(actor=actor, answers=draft)
    except Exception:  # the answers stay on screen; saving the check-in still works
        log.exception("saving the check-in draft failed")
        return
    st.session_state[_key("draft-sent")] = draft


keep_draft()
if st.button("Save check-in", type="primary", width="stretch"):
    missing = [
        label
        for label, value in (
            ("pain", pain),
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
        st.error(w.please_answer(missing))
        if ticked and st.session_state.get(_key("signs-sent")) != ticked:
            st.warning(w.SIGNS_NOT_SENT_YET, icon=":material/sos:")
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
                medicines_note=st.session_state.get(_key("meds_note")) if meds == "Yes" else None,
                anything_new=anything_new == "Yes",
                warning_signs=ticked,
            )
        except InvalidInput as exc:
            st.error(str(exc))
        else:
            just_saved = True
            st.success(w.CHECK_IN_SAVED, icon=":material/check_circle:")
            if result.guidance is not None:
                st.markdown("Your care team has been told. Please also do this now:")
                show_guidance(result.guidance)

fill_later_slots(view.check_in is not None or just_saved)
if plan is not None and not plan.paused:
    program_links(can_pause=plan.week > 0)
help_footer()
