"""Breathe: a guided slow-breathing session with a pacer that runs in the browser, and a body scan
and "notice without judging" as guided text. Minutes practised are recorded."""

import secrets
from datetime import datetime

import streamlit as st

from core.clock import utcnow
from db.actions import InvalidInput, record_practice
from db.queries import practice_for_patient
from pages.patient.breathe_pacer import breathing_pacer
from pages.shell.common import current_actor, help_footer
from program import practice_wording as w
from program.defaults import DEFAULTS
from program.practice import left_open, minutes_practised, pace, ran_to_the_end
from program.vocabulary import PracticeKind

SESSION = "breathing-session"  # the running session: token, pace, minutes, cues, started (UTC)
FLASH = "breathe-flash"
PACES = list(range(DEFAULTS.breathing_min_bpm, DEFAULTS.breathing_max_bpm + 1))
BREATHE_CSS = """<style>
.st-key-breathe div[data-testid="stButtonGroup"] button { min-height: 48px; min-width: 48px; }
.st-key-breathe [data-testid="stButton"] button { min-height: 48px; }
.st-key-breathe label[data-baseweb="checkbox"] { min-height: 44px; align-items: center; }
</style>"""

actor = current_actor()
st.html(BREATHE_CSS)


def save(kind: str, minutes: int, completed: bool, bpm: int | None = None) -> None:
    """Record one practice and come back to the choices with a word of thanks."""
    if minutes < 1:
        st.session_state[FLASH] = ("info", w.TOO_SHORT)
        st.rerun()
    try:
        record_practice(
            actor=actor, kind=kind, minutes=minutes, completed=completed, breaths_per_minute=bpm
        )
    except InvalidInput as exc:
        st.error(f"{w.NOT_SAVED} {exc}", icon=":material/error:")
        return
    st.session_state[FLASH] = ("success", w.done_text(minutes, completed))
    st.rerun()


def elapsed(session: dict) -> float:
    """Seconds since Start, by the server's clock (the phone's clock is not needed)."""
    return (utcnow() - datetime.fromisoformat(session["started"])).total_seconds()


def running(session: dict) -> None:
    """The session under way: the pacer, and Finish (which also works where JavaScript cannot)."""
    if left_open(elapsed(session), session["minutes"]):  # started, then the page was left
        st.session_state.pop(SESSION, None)
        st.session_state[FLASH] = ("info", w.LEFT_OPEN)
        st.rerun()
    st.markdown(w.DURING)
    seconds = breathing_pacer(
        token=session["token"],
        pace=pace(session["bpm"]),
        minutes=session["minutes"],
        sound=session["sound"],
        vibrate=session["vibrate"],
    )
    st.caption(w.FINISH_HINT)
    finish = st.button(w.FINISH, type="primary", width="stretch", key="breathe-finish")
    if seconds is None and not finish:
        return
    st.session_state.pop(SESSION, None)
    if seconds is not None:  # the pacer's time was up
        save(PracticeKind.BREATHING, session["minutes"], True, session["bpm"])
        return
    ran = elapsed(session)  # Finish: the time it ran
    save(
        PracticeKind.BREATHING,
        minutes_practised(ran, session["minutes"]),
        ran_to_the_end(ran, session["minutes"]),
        session["bpm"],
    )


def breathing_choices() -> None:
    st.markdown(w.BREATHING_INTRO)
    bpm = st.segmented_control(
        w.PACE_LABEL, PACES, default=DEFAULTS.breathing_bpm, key="breathe-pace"
    )
    st.caption(w.PACE_HELP)
    bpm = bpm or DEFAULTS.breathing_bpm
    chosen = pace(bpm)
    st.markdown(w.pace_text(chosen.breathe_in, chosen.breathe_out))
    minutes = st.segmented_control(
        w.LENGTH_LABEL,
        list(DEFAULTS.practice_lengths),
        default=DEFAULTS.practice_default_minutes,
        key="breathe-minutes",
    )
    sound = st.checkbox(w.SOUND_LABEL, key="breathe-sound")
    vibrate = st.checkbox(w.VIBRATE_LABEL, key="breathe-vibrate")
    if st.button(w.START, type="primary", width="stretch", key="breathe-start"):
        st.session_state[SESSION] = {
            "token": secrets.token_hex(8),
            "bpm": bpm,
            "minutes": minutes or DEFAULTS.practice_default_minutes,
            "sound": sound,
            "vibrate": vibrate,
            "started": utcnow().isoformat(),
        }
        st.rerun()


def guided(kind: PracticeKind, intro: str, steps: tuple[str, ...]) -> None:
    st.markdown(intro)
    st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(steps, start=1)))
    minutes = st.segmented_control(
        w.MINUTES_LABEL,
        list(DEFAULTS.practice_lengths),
        default=DEFAULTS.practice_default_minutes,
        key=f"minutes-{kind}",
    )
    if st.button(w.DID_IT, type="primary", width="stretch", key=f"did-{kind}"):
        save(kind, minutes or DEFAULTS.practice_default_minutes, True)


st.title(w.BREATHE_TITLE)
if flash := st.session_state.pop(FLASH, None):
    kind, text = flash
    (st.success if kind == "success" else st.info)(text, icon=":material/spa:")
st.markdown(w.week_text(practice_for_patient(actor=actor).this_week_minutes))
with st.container(key="breathe"):
    if session := st.session_state.get(SESSION):
        st.header(w.PRACTICE_NAMES[PracticeKind.BREATHING])
        running(session)
    else:
        st.markdown(w.BREATHE_INTRO)
        practice = st.segmented_control(
            w.PRACTICE_CHOICE,
            list(PracticeKind),
            format_func=w.PRACTICE_NAMES.get,
            default=PracticeKind.BREATHING,
            key="breathe-practice",
        )
        practice = PracticeKind(practice or PracticeKind.BREATHING)
        st.header(w.PRACTICE_NAMES[practice])
        if practice == PracticeKind.BREATHING:
            breathing_choices()
        elif practice == PracticeKind.BODY_SCAN:
            guided(practice, w.BODY_SCAN_INTRO, w.BODY_SCAN_STEPS)
        else:
            guided(practice, w.NOTICING_INTRO, w.NOTICING_STEPS)
help_footer()
