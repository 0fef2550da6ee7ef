"""Today: the program week, today's modules and the daily check-in."""

import streamlit as st

from db.actions import InvalidInput, record_check_in
from db.queries import today_for_patient
from pages.common import current_actor, help_footer, show_guidance
from program.warning_signs import WARNING_SIGNS, guidance_for

SLEEP = {1: "Very poor", 2: "Poor", 3: "OK", 4: "Good", 5: "Very good"}
MOOD = {1: "Very low", 2: "Low", 3: "OK", 4: "Good", 5: "Very good"}
STRESS = {1: "Very low", 2: "Low", 3: "Some", 4: "High", 5: "Very high"}
YES_NO = ["No", "Yes"]

actor = current_actor()
view = today_for_patient(actor=actor)

st.title(f"Hi {view.patient_name}")
plan = view.plan
if plan is None:
    st.info(
        "Your program has not been set up yet. Your care team will let you know when it starts."
    )
elif plan.paused:
    st.info(
        f"**Your program is paused.** {plan.pause_reason}\n\nNothing is due while it is paused.",
        icon=":material/pause_circle:",
    )
elif plan.week == 0:
    st.info("Your program starts soon. You can still do a daily check-in.")
else:
    st.subheader(f"Week {plan.display_week} of {plan.weeks}")
    modules = plan.this_week()
    if modules:
        st.markdown("**This week's steps**")
        for state in modules:
            with st.container(border=True):
                st.markdown(f"**{state.module.title}**")
    else:
        st.caption("Nothing new is due this week. Keep up your daily check-in.")
    for state in plan.held():
        st.info(f"Your care team paused “{state.module.title}” because: {state.reason}", icon=":material/pause_circle:")

# --- daily check-in ---------------------------------------------------------------------------
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
ticked: list[str] = []
if anything_new == "Yes":
    st.markdown("**Is any of this true for you now?** Tick all that apply.")
    for sign in WARNING_SIGNS:
        if st.checkbox(sign.text, key=_key(f"sign-{sign.key}")):
            ticked.append(sign.key)
    # Shown from the ticks themselves, before and whether or not saving works.
    if guidance := guidance_for(ticked):
        show_guidance(guidance)

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
            st.success("Thank you. Your check-in is saved.", icon=":material/check_circle:")
            if result.guidance is not None:
                st.markdown("Your care team has been told. Please also do this now:")
                show_guidance(result.guidance)

help_footer()
