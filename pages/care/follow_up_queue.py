"""Follow-ups: requests in progress and open flags nobody has booked yet, most severe and oldest
first. Record outreach, book or move a visit, mark it done (a clinician may change the plan, with
the reason the patient reads), or cancel with a reason."""

from datetime import datetime, timedelta

import streamlit as st

from db.access import AccessDenied
from db.actions import (
    InvalidInput,
    book_visit,
    cancel_follow_up,
    complete_visit,
    record_outreach,
)
from db.models import FollowUpRequest, OutreachAttempt, Visit, max_length
from db.queries import follow_up_queue
from db.queries.follow_up_queue import QueueItem
from pages.care.outreach_words import OUTREACH_WORDS
from pages.care.overdue import overdue_flags
from pages.shell.common import SEVERITY_BADGE, current_actor, view_token
from pages.shell.plain import plain
from program.clinic_hours import clinic_time, zone_name
from program.follow_up_wording import day_text, time_text
from program.vocabulary import (
    FollowUpStatus,
    OutreachMethod,
    PlanEventKind,
    Role,
    VisitModality,
)

MAX_SHOWN = 50
MODALITY_WORDS = {VisitModality.TELEHEALTH: "Telehealth", VisitModality.IN_PERSON: "In person"}
STATUS_WORDS = {
    None: "needs outreach",
    FollowUpStatus.REQUESTED: "requested",
    FollowUpStatus.SCHEDULED: "booked",
}
# The plan changes a visit can make here; the plan page has every kind (movement, sleep ...).
PLAN_CHOICES = {
    None: "No change to the plan",
    PlanEventKind.PAUSE: "Pause the program",
    PlanEventKind.RESUME: "Resume the program",
    PlanEventKind.HOLD: "Hold a lesson",
    PlanEventKind.UNLOCK: "Open a lesson early",
    PlanEventKind.SKIP: "Skip a lesson",
}
MODULE_KINDS = (PlanEventKind.HOLD, PlanEventKind.UNLOCK, PlanEventKind.SKIP)
TASKS = ("Record outreach", "Book a visit", "Mark the visit done", "Cancel the request")
CONTACT_WORDS = {"phone": "a phone call", "text": "a text message", "email": "e-mail"}
# Task and form buttons a thumb can hit on a phone (at least 44 px tall).
QUEUE_CSS = """<style>
div[data-testid="stButtonGroup"] button, [data-testid="stFormSubmitButton"] button,
[data-testid="stLinkButton"] a { min-height: 44px; }
</style>"""


def when(moment: datetime) -> str:
    return clinic_time(moment, queue.clinic_timezone)


def recently_cancelled() -> None:
    if not queue.recently_cancelled:
        return
    with st.expander(f"Cancelled lately ({len(queue.recently_cancelled)})"):
        for c in queue.recently_cancelled:
            who = "the patient" if c.by_patient else c.by
            st.text(f"{c.patient_name}, {when(c.cancelled_at)}, by {who}: {c.reason}")


def title(item: QueueItem) -> str:
    what = item.rule_name or "Asked on their own"
    return (
        f"{plain(item.patient_name)} · {item.severity.title()} · {what} · "
        f"{STATUS_WORDS.get(item.status, item.status)}"
    )


def contact(item: QueueItem) -> None:
    if item.phone and item.tel:
        st.link_button(
            f"Call {plain(item.patient_name)}: {plain(item.phone)}",
            item.tel,
            icon=":material/call:",
            width="stretch",
        )
    elif item.phone:
        st.text(f"Phone: {item.phone}")
    else:
        st.caption("No phone number on file.")
    if prefers := CONTACT_WORDS.get(item.preferred_contact or "", item.preferred_contact):
        st.caption(f"Prefers {prefers}.")


def visit_line(item: QueueItem) -> str:
    v = item.visit
    patient_time = f"{day_text(v.local_date)}, {time_text(v.local_time)} {zone_name(v.timezone)}"
    clinic = when(v.starts_at)
    line = f"**Booked:** {patient_time} (patient's time)"
    if v.timezone != queue.clinic_timezone:
        line += f" · {clinic} at the clinic"
    doctor = f" · with {plain(v.clinician_name)}" if v.clinician_name else ""
    return f"{line} · {MODALITY_WORDS.get(v.modality, v.modality)} · {v.minutes} min{doctor}"


def details(item: QueueItem) -> None:
    st.markdown(f"{SEVERITY_BADGE.get(item.severity, item.severity)} since {when(item.since)}")
    if item.explanation:
        st.write(item.explanation)
    if item.flag_status:
        st.caption(f"The flag is {item.flag_status}.")
    if item.needs_risk_assessment:
        st.warning(
            "Self-harm answer: only a clinician on this patient's care team can close this "
            "flag, by recording a risk assessment on the Flags page. A visit does not close it.",
            icon=":material/shield:",
        )
    if item.not_now_until:
        st.caption(
            f'The patient answered "Not now" to this prompt. It shows again on '
            f"{day_text(item.not_now_until)}."
        )
    if item.request_id is not None:
        who = "The patient asked" if item.asked_by_patient else "Opened by the care team"
        st.markdown(
            f"**{who}** on {day_text(item.asked_on)} · "
            f"{MODALITY_WORDS.get(item.modality, item.modality)}"
        )
        if item.windows:
            st.markdown("Times that suit them: " + "; ".join(item.windows))
        if item.note:
            st.markdown("**What the patient wrote:**")
            st.text(item.note)  # typed by the patient: plain text
    if item.visit is not None:
        st.markdown(visit_line(item))
    if item.other_request_open:
        st.caption("This patient already has a follow-up in progress (listed in this queue).")
    contact(item)
    if item.outreach:
        st.markdown("**Outreach**")
        for attempt in item.outreach:
            line = f"{when(attempt.at)}: {OUTREACH_WORDS.get(attempt.method)} ({attempt.by})"
            st.text(line + (f": {attempt.note}" if attempt.note else ""))


def run(action, **kwargs) -> None:
    """One action for one form; its message, or a toast and a fresh queue."""
    try:
        action(actor=actor, **kwargs)
    except InvalidInput as exc:
        st.error(str(exc))
    except AccessDenied:
        st.error("This is no longer available to you.")
    else:
        st.toast("Saved.")
        st.rerun()


def outreach_form(item: QueueItem) -> None:
    with st.form(f"outreach-{item.key}"):
        method = st.radio(
            "How did you try?",
            list(OutreachMethod),
            format_func=OUTREACH_WORDS.get,
            index=None,
            key=f"method-{item.key}",
        )
        note = st.text_area(
            "Note (optional)",
            max_chars=max_length(OutreachAttempt, "note"),
            key=f"outreach-note-{item.key}",
        )
        sent = st.form_submit_button("Record outreach", type="primary", width="stretch")
    if sent:
        run(
            record_outreach,
            method=method or "",
            note=note,
            request_id=item.request_id,
            flag_id=item.flag_id if item.request_id is None else None,
        )


def booking_form(item: QueueItem) -> None:
    if not item.clinicians:
        st.caption("No clinician on this patient's care team yet: ask an admin to add one.")
        return
    visit = item.visit
    names = dict(item.clinicians)
    with st.form(f"book-{item.key}"):
        day = st.date_input(
            "Date (the patient's)",
            value=visit.local_date if visit else item.patient_today + timedelta(days=1),
            min_value=item.patient_today,
            format="YYYY-MM-DD",
            key=f"date-{item.key}",
        )
        at = st.time_input(
            f"Time ({zone_name(item.patient_timezone)}, the patient's)",
            value=visit.local_time if visit else None,
            step=900,
            key=f"time-{item.key}",
        )
        modality = st.radio(
            "How",
            list(VisitModality),
            format_func=MODALITY_WORDS.get,
            index=list(VisitModality).index(
                visit.modality if visit else item.modality or "telehealth"
            ),
            horizontal=True,
            key=f"modality-{item.key}",
        )
        clinician = st.selectbox(
            "Clinician",
            list(names),
            format_func=names.get,
            key=f"clinician-{item.key}",
            index=list(names).index(visit.clinician_id)
            if visit and visit.clinician_id in names
            else 0,
        )
        sent = st.form_submit_button(
            "Move the visit" if visit else "Book the visit", type="primary", width="stretch"
        )
    if sent:
        if at is None:
            st.error("Please choose a time.")
            return
        run(
            book_visit,
            local_date=day,
            local_time=at,
            modality=modality,
            clinician_id=clinician,
            request_id=item.request_id,
            flag_id=item.flag_id if item.request_id is None else None,
        )


def done_form(item: QueueItem) -> None:
    clinician = actor.has(Role.CLINICIAN)
    modules = dict(item.modules)
    with st.form(f"done-{item.key}"):
        outcome = st.text_area(
            "Outcome (for the care team)",
            max_chars=max_length(Visit, "outcome_note"),
            help="What was discussed and agreed. The patient does not see this.",
            key=f"outcome-{item.key}",
        )
        kind = why = module = until = None
        if clinician:
            kind = st.selectbox(
                "Plan change",
                list(PLAN_CHOICES),
                format_func=PLAN_CHOICES.get,
                key=f"plan-{item.key}",
            )
            module = st.selectbox(
                "Lesson (for hold, open early or skip)",
                [None, *modules],
                format_func=lambda m: "-" if m is None else modules[m],
                key=f"module-{item.key}",
            )
            until = st.date_input(
                "Pause until (optional)", value=None, format="YYYY-MM-DD", key=f"until-{item.key}"
            )
            why = st.text_area(
                "Why your plan changed (the patient reads this)",
                max_chars=max_length(Visit, "plan_note"),
                help="Plain, kind words. Needed when you change the plan.",
                key=f"why-{item.key}",
            )
        else:
            st.caption("A clinician on the care team records any plan change.")
        sent = st.form_submit_button("Mark the visit done", type="primary", width="stretch")
    if sent:
        run(
            complete_visit,
            visit_id=item.visit.id,
            outcome=outcome,
            why_plan_changed=why or "",
            plan_kind=kind,
            module_id=module if kind in MODULE_KINDS else None,
            until=until if kind == PlanEventKind.PAUSE else None,
        )


def cancel_form(item: QueueItem) -> None:
    with st.form(f"cancel-{item.key}"):
        reason = st.text_input(
            "Reason",
            max_chars=max_length(FollowUpRequest, "cancel_reason"),
            key=f"reason-{item.key}",
        )
        sent = st.form_submit_button("Cancel the request", width="stretch")
    if sent:
        run(cancel_follow_up, request_id=item.request_id, reason=reason)


def tasks(item: QueueItem) -> list[str]:
    found = [TASKS[0]]
    if item.request_id is not None or not item.other_request_open:
        found.append(TASKS[1])
    if item.status == FollowUpStatus.SCHEDULED and item.visit is not None:
        found.append(TASKS[2])
    if item.request_id is not None:
        found.append(TASKS[3])
    return found


FORMS = {
    TASKS[0]: outreach_form,
    TASKS[1]: booking_form,
    TASKS[2]: done_form,
    TASKS[3]: cancel_form,
}

actor = current_actor()
st.html(QUEUE_CSS)
st.title("Follow-ups")
overdue_flags(actor)  # urgent flags nobody has acknowledged in time, first (pages/care/overdue.py)
queue = follow_up_queue(actor=actor, view=view_token())
items = queue.items
if not items:
    st.success("Nothing is waiting: no follow-up requests and no open flags need outreach.")
    recently_cancelled()
    st.stop()
if len(items) > MAX_SHOWN:
    st.caption(f"Showing the {MAX_SHOWN} most severe and oldest of {len(items)}.")
for n, item in enumerate(items[:MAX_SHOWN]):
    with st.expander(title(item), expanded=n == 0):
        details(item)
        task = st.segmented_control(
            "What would you like to do?", tasks(item), key=f"task-{item.key}", width="stretch"
        )
        if task:
            FORMS[task](item)
recently_cancelled()
