"""Small rendering helpers shared by pages (no SQL, no decisions)."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime

import streamlit as st

from core.clock import utcnow
from db.access import Actor, NotFound
from db.queries import care_team_for_patient, public_clinic_card
from pages.shell.plain import plain
from program.clinic_hours import describe_hours, status_line, zone_name
from program.vocabulary import Role, Severity
from program.warning_signs import NOT_MONITORED, Guidance
from program.wording import SIGNS_NOT_SENT

log = logging.getLogger("recalibrate")

SEVERITY_BADGE = {
    Severity.EMERGENCY: ":red-badge[Emergency]",
    Severity.URGENT: ":orange-badge[Urgent]",
    Severity.SOON: ":blue-badge[Soon]",
    Severity.ROUTINE: ":gray-badge[Routine]",
}


def current_actor() -> Actor:
    """The logged-in user; app.py guarantees one exists before any page runs."""
    actor = st.session_state.get("actor")
    if actor is None:  # only reachable if a page is run outside app.py
        st.error("Please log in.")
        st.stop()
    return actor


def view_token() -> str:
    """This page view's token, passed as ``view=`` to staff queries so that the audit trail gets
    one row per page view, not one per rerun (db/read_audit.py).

    app.py forgets it whenever another page opens, so coming back counts again.
    """
    token = st.session_state.get("view_token")
    if token is None:
        page = re.sub(r"[^a-z0-9_-]", "-", str(st.session_state.get("current_page") or "page"))
        token = f"{page.lower()[:30] or 'page'}-{secrets.token_hex(8)}"
        st.session_state["view_token"] = token
    return token


def show_guidance(guidance: Guidance) -> None:
    """What to do now for a warning sign, on the same screen, loud and plain."""
    box = st.error if guidance.tier == Severity.EMERGENCY else st.warning
    text = f"**{guidance.heading}**\n\n" + "\n".join(f"- {step}" for step in guidance.steps)
    box(text, icon=":material/sos:")
    if (
        guidance.tier == Severity.URGENT or "clinic" in text.lower()
    ):  # "call your clinic": give the number
        clinic_card(prominent=True)


# Tap targets of at least 44 px for every call button (911, 988 and the clinic's).
TAP_TARGETS = '<style>a[href^="tel:"] { min-height: 48px; align-items: center; }</style>'
NO_CLINIC = (
    "Your clinic's phone number is on your appointment letter. "
    "In an emergency call 911; for thoughts of self-harm call or text 988."
)


def clinic_card(*, prominent: bool = False, now: datetime | None = None) -> None:
    """The clinic's name, tap-to-call phone, opening hours with time zone, and after-hours line.

    Public clinic details only (no patient data), so it is safe on the login page too.
    """
    card = public_clinic_card()
    if card is None:
        st.info(NO_CLINIC, icon=":material/call:")
        return
    st.html(TAP_TARGETS)
    now = now or utcnow()
    with st.container(border=True):
        st.markdown(f"**{plain(card.name)}**")
        st.link_button(
            f"Call the clinic: {plain(card.phone)}",
            card.tel,
            type="primary" if prominent else "secondary",
            icon=":material/call:",
            width="stretch",
        )
        st.markdown(status_line(card.hours, card.timezone, now))
        lines = describe_hours(card.hours)
        st.markdown(
            f"**Opening hours** ({zone_name(card.timezone)}):\n\n"
            + "\n".join(f"- {line}" for line in lines)
        )
        if card.after_hours_phone and card.after_hours_tel:
            st.markdown(
                f"**{plain(card.after_hours_label)}:** "
                f"[{plain(card.after_hours_phone)}]({card.after_hours_tel})"
            )
        if card.email or card.address:
            # Plain text, not a caption: a link in a caption is drawn faded (#7c95d2, 2.96:1).
            st.markdown(" · ".join(plain(x) for x in (card.email, card.address) if x))


def care_team_card(actor: Actor) -> None:
    """A patient's own coordinator and clinician by name; nothing for staff or unlinked logins."""
    if not actor.has(Role.PATIENT) or actor.patient_id is None:
        return
    try:
        team = care_team_for_patient(actor=actor)
    except NotFound:
        return
    lines = [
        f"- Your care coordinator: **{plain(', '.join(team.coordinators))}**"
        if team.coordinators
        else "",
        f"- Your clinician: **{plain(', '.join(team.clinicians))}**" if team.clinicians else "",
    ]
    lines = [line for line in lines if line]
    if not lines:
        return
    st.markdown("**Your care team**\n\n" + "\n".join(lines))
    st.caption("When you call the clinic, you can ask for them by name.")


def show_not_sent() -> None:
    """Saving ticked warning signs failed: say plainly they were NOT sent, and who to call now."""
    st.error(SIGNS_NOT_SENT, icon=":material/error:")
    st.link_button("Call 911", "tel:911", type="primary", width="stretch")
    st.link_button("Call or text 988", "tel:988", width="stretch")
    try:  # the database may be what failed: the clinic's number must not depend on it working
        clinic_card(prominent=True)
    except Exception:
        log.exception("clinic card unavailable")
        st.info(NO_CLINIC, icon=":material/call:")


def help_footer() -> None:
    """Crisis resources one tap away, and the plain statement that nobody watches around the clock."""
    st.markdown(
        f"{NOT_MONITORED} In an emergency call 911. For thoughts of self-harm call or text 988."
    )
    st.page_link("pages/patient/help.py", label="Get help now", icon=":material/sos:")
