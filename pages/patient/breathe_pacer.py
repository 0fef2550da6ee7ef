"""The breathing pacer as a Streamlit components-v2 component: it animates in the browser (no
script rerun per breath) and sends one value back when the time is up (``finished``: seconds).

Registered once, when this module is first imported, so page reruns do not register it again.
The JavaScript and CSS sit next to this file; nothing a user typed ever reaches them.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from program import practice_wording as w
from program.practice import Pace

_HERE = Path(__file__).parent
HTML = """<div class="pacer" data-phase="in">
  <div class="stage" aria-hidden="true"><div class="ring"></div><div class="circle"></div></div>
  <p class="phase" aria-live="polite"></p>
  <p class="left" role="timer" aria-label="Time left"></p>
  <button class="sound" type="button" hidden></button>
</div>"""

_pacer = st.components.v2.component(
    "recalibrate_breathing_pacer",
    html=HTML,
    css=(_HERE / "breathe_pacer.css").read_text(),
    js=(_HERE / "breathe_pacer.js").read_text(),
)


def breathing_pacer(
    *, token: str, pace: Pace, minutes: int, sound: bool, vibrate: bool
) -> int | None:
    """Draw the pacer; the seconds it ran, on the one run after its time is up (else None)."""
    result = _pacer(
        key=f"pacer-{token}",
        data={
            "token": token,
            "inhale_ms": int(pace.breathe_in * 1000),
            "exhale_ms": int(pace.breathe_out * 1000),
            "total_ms": minutes * 60 * 1000,
            "sound": sound,
            "vibrate": vibrate,
            "labels": {
                "in": w.BREATHE_IN,
                "out": w.BREATHE_OUT,
                "done": w.TIME_UP,
                "sound": w.TAP_FOR_SOUND,
            },
        },
        on_finished_change=lambda: None,
    )
    finished = getattr(result, "finished", None)
    return int(finished) if isinstance(finished, int | float) else None
