"""Follow-up: ask for a visit (about a prompt, or on your own), see where it is, add it to your
calendar, cancel it, and after a visit read "Why your plan changed"."""

import logging

import streamlit as st

from db.actions import InvalidInput, cancel_follow_up, request_follow_up
from db.models import FollowUpRequest, max_length
from db.queries import follow_ups_for_patient
from db.queries.follow_ups import PatientRequest
from export.visits import calendar_file_name, visit_calendar
from pages.shell.common import current_actor, help_footer, show_guidance
from pages.shell.plain import plain
from program import follow_up_wording as fw
from program.follow_ups import MAX_WINDOWS, WINDOW_CHOICES, window_from_choice, window_text
from program.vocabulary import FollowUpStatus, VisitModality

log = logging.getLogger("recalibrate")
SENT_KEY = "follow-up-sent"
BADGES = {
    FollowUpStatus.REQUESTED: ":blue-badge",
    FollowUpStatus.SCHEDULED: ":green-badge",
    FollowUpStatus.COMPLETED: ":gray-badge",
    FollowUpStatus.CANCELLED: ":gray-badge",
}
TAP_CSS = """<style>
[data-testid="stDownloadButton"] button, [data-testid="stFormSubmitButton"] button,
div[data-testid="stButtonGroup"] button, [data-testid="stBaseButton-secondary"],
[data-testid="stBaseButton-primary"] { min-height: 48px; }
div[data-testid="stButtonGroup"] button[data-hovered="true"] p { color: #17594a; }
</style>"""

actor = current_actor()
flag_param = st.query_params.get("flag")
flag_id = int(flag_param) if flag_param and flag_param.isdigit() else None
view = follow_ups_for_patient(actor=actor, flag_id=flag_id)


def badge(status: str) -> str:
    return f"{BADGES.get(status, ':gray-badge')}[{fw.STATUS_WORDS.get(status, status)}]"


def status_line(request: PatientRequest) -> str:
    visit = request.visit
    if request.status == FollowUpStatus.SCHEDULED and visit is not None:
        return fw.scheduled_line(visit.local_date, visit.local_time, visit.modality)
    if request.status == FollowUpStatus.COMPLETED and visit is not None:
        return fw.completed_line(visit.local_date)
    if request.status == FollowUpStatus.CANCELLED and request.cancelled_on is not None:
        return fw.cancelled_line(request.cancelled_on, request.cancelled_by_patient)
    return fw.requested_line(request.asked_on)


def what_you_asked(request: PatientRequest) -> None:
    if request.about:
        st.markdown(f"{fw.ASKED_ABOUT} {plain(request.about)}")
    if request.windows:
        st.markdown(f"**{fw.YOUR_TIMES}**")
        st.markdown("\n".join(f"- {w}" for w in request.windows))
    if request.note:
        st.text(request.note)  # the patient's own words, as typed


def calendar_button(request: PatientRequest, label: str) -> None:
    visit = request.visit
    st.download_button(
        label,
        data=visit_calendar(visit.calendar),
        file_name=calendar_file_name(visit.calendar),
        mime="text/calendar",
        icon=":material/calendar_add_on:",
        width="stretch",
        on_click="ignore",
        key=f"ics-{request.id}-{visit.calendar.sequence}",
    )
    st.caption(fw.CALENDAR_NOTE)


def why_plan_changed(request: PatientRequest) -> None:
    visit = request.visit
    if visit is None or not (visit.plan_note or visit.plan_change):
        return
    st.subheader(fw.WHY_HEADING)
    if visit.plan_note:
        st.text(visit.plan_note)  # typed by the clinician: plain text
    if visit.plan_change:
        st.markdown(f"{fw.WHAT_CHANGED} {visit.plan_change}")


def cancel_form(request: PatientRequest) -> None:
    with st.expander(fw.CANCEL_TITLE):
        with st.form(f"cancel-{request.id}"):
            reason = st.radio(fw.CANCEL_QUESTION, fw.CANCEL_REASONS, index=None, key="cancel-why")
            more = st.text_area(fw.CANCEL_NOTE, max_chars=200, key="cancel-more")
            sent = st.form_submit_button(fw.CANCEL_BUTTON, width="stretch")
        if not sent:
            return
        text = " - ".join(part for part in (reason or "", more.strip()) if part)
        try:
            cancel_follow_up(actor=actor, request_id=request.id, reason=text)
        except InvalidInput as exc:
            st.error(str(exc))
            return
        st.session_state[SENT_KEY] = fw.CANCELLED
        st.rerun()


def active_request(request: PatientRequest) -> None:
    with st.container(border=True):
        st.markdown(f"{badge(request.status)}\n\n**{status_line(request)}**")
        if request.status == FollowUpStatus.SCHEDULED and request.visit is not None:
            if request.visit.clinician_name:
                st.markdown(fw.with_clinician(plain(request.visit.clinician_name)))
            calendar_button(request, fw.ADD_TO_CALENDAR)
        what_you_asked(request)
    st.caption(fw.WAIT_NOTE)
    cancel_form(request)


def request_form() -> None:
    st.markdown(fw.INTRO)
    if view.about is not None:
        st.markdown(f"**{fw.ASKING_ABOUT}**")
        st.markdown(plain(view.about.text))
        if view.about.act_now is not None:  # what to do now comes before any form
            show_guidance(view.about.act_now)
    with st.form("follow-up-request"):
        modality = st.segmented_control(
            fw.MODALITY_QUESTION,
            list(VisitModality),
            format_func=fw.MODALITY_WORDS.get,
            default=VisitModality.TELEHEALTH,
            key="fu-modality",
            width="stretch",
        )
        picks = st.multiselect(
            fw.WINDOWS_QUESTION,
            WINDOW_CHOICES,
            format_func=lambda choice: window_text(window_from_choice(choice)),
            max_selections=MAX_WINDOWS,
            select_all=False,
            placeholder=fw.WINDOW_PLACEHOLDER,
            key="fu-windows",
        )
        note = st.text_area(
            fw.NOTE_QUESTION, max_chars=max_length(FollowUpRequest, "note"), key="fu-note"
        )
        sent = st.form_submit_button(fw.SEND, type="primary", width="stretch")
    if not sent:
        return
    try:
        request_follow_up(
            actor=actor,
            modality=modality or "",
            windows=[window_from_choice(p) for p in picks],
            note=note,
            flag_id=view.about.flag_id if view.about is not None else None,
        )
    except InvalidInput as exc:
        st.error(str(exc))
        return
    except Exception:  # the patient must know it did not go through, and who to call
        log.exception("sending a follow-up request failed")
        st.error(fw.NOT_SENT)
        return
    st.session_state[SENT_KEY] = f"{fw.SENT} {fw.WAIT_NOTE}"
    st.query_params.pop("flag", None)
    st.rerun()


st.html(TAP_CSS)
st.title(fw.PAGE_TITLE)
if done := st.session_state.pop(SENT_KEY, None):
    st.success(done, icon=":material/check_circle:")
latest = view.past[0] if view.past else None
if latest is not None and latest.status == FollowUpStatus.COMPLETED:
    why_plan_changed(latest)  # first: Today's "See why your plan changed" leads here
if view.active is not None:
    active_request(view.active)
else:
    request_form()
if view.past:
    st.header(fw.EARLIER)
    for request in view.past:
        with st.container(border=True):
            st.markdown(f"{badge(request.status)} {status_line(request)}")
            if request is not latest:
                why_plan_changed(request)
            if request.status == FollowUpStatus.CANCELLED and request.visit is not None:
                calendar_button(request, fw.CANCEL_CALENDAR)
help_footer()
