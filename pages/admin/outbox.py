"""Admin: the alert e-mails' outbox. Is mail set up, what waits, what failed and why, retry now.

Alerts that never leave the outbox are missed silently, so everything that stops them is said here
in plain words: mail not configured, nobody to escalate to, a worker that is not running.
"""

from datetime import datetime, timedelta

import streamlit as st

from core.clock import utcnow
from db.access import AccessDenied
from db.actions import InvalidInput, retry_outbox
from db.queries import outbox_status
from pages.shell.common import current_actor
from pages.shell.plain import plain
from program.vocabulary import Job, MailKind, MailStatus

WORKER_QUIET = timedelta(minutes=10)  # the worker passes every few seconds; this is long
KIND_WORDS = {MailKind.ALERT: "Alert to the care team", MailKind.ESCALATION: "Escalation"}

actor = current_actor()
st.title("Mail and alerts")
if flash := st.session_state.pop("outbox_flash", None):
    st.success(flash)


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "never"


def _retry(message_id: int | None = None) -> None:
    try:
        count = retry_outbox(actor=actor, message_id=message_id)
    except InvalidInput as exc:
        st.error(str(exc))
    except AccessDenied:
        st.error("You may not do that.")
    else:
        st.session_state["outbox_flash"] = (
            f"{count} message{'s' if count != 1 else ''} will be sent at the worker's next pass."
        )
        st.rerun()


status = outbox_status(actor=actor)
now = utcnow()
if not status.mail_configured:
    st.warning(
        "**Mail is not configured.** SMTP_HOST is not set, so alert e-mails wait here and nobody "
        "receives them. Set SMTP_HOST, SMTP_FROM and APP_BASE_URL (see the README), then restart "
        "the app and the mail worker. The flag queue still shows every flag.",
        icon=":material/mail_lock:",
    )
if status.escalation_addresses == 0:
    st.warning(
        "**Escalations reach nobody by e-mail.** No active clinic-wide coordinator has an e-mail "
        "address. Give one an address on the Users page, so that urgent flags nobody "
        "acknowledged in time reach someone.",
        icon=":material/person_alert:",
    )
last_pass = status.job_runs.get(Job.OUTBOX)
if last_pass is None or now - last_pass > WORKER_QUIET:
    since = "yet" if last_pass is None else f"since {_when(last_pass)}"
    st.warning(
        f"**The mail worker has not run {since}.** Start it with `python -m db.outbox` (or "
        "from cron: `python -m db.outbox --once` every minute).",
        icon=":material/schedule:",
    )

queued, failed, sent = (status.counts[s] for s in MailStatus)
with st.container(horizontal=True):
    st.metric("Waiting", queued, border=True)
    st.metric("Failed", failed, border=True)
    st.metric("Sent", sent, border=True)
st.markdown(
    f"Oldest waiting since: **{_when(status.oldest_queued_at)}** · "
    f"Last sent: **{_when(status.last_sent_at)}**  \n"
    f"Last escalation check: **{_when(status.job_runs.get(Job.ESCALATION))}** · "
    f"Last hourly rules run: **{_when(status.job_runs.get(Job.RULES))}**"
)

st.subheader("Problems")
if not status.problems:
    st.success("No message has failed.", icon=":material/check_circle:")
else:
    if st.button("Retry all now", type="primary", width="stretch"):
        _retry()
    for problem in status.problems:
        with st.container(border=True):
            state = "Failed" if problem.status == MailStatus.FAILED else "Will try again"
            st.markdown(
                f"**{state}** · {KIND_WORDS.get(problem.kind, problem.kind)} to "
                f"{plain(problem.recipient)}  \n"
                f"Tries: {problem.attempts} · written {_when(problem.created_at)}"
                + (
                    f" · next try {_when(problem.next_attempt_at)}"
                    if problem.status == MailStatus.QUEUED
                    else ""
                )
            )
            if problem.last_error:
                st.text(f"The mail server said: {problem.last_error}")  # its words, as sent
            if problem.status == MailStatus.FAILED and st.button(
                "Retry", key=f"retry-{problem.id}", width="stretch"
            ):
                _retry(problem.id)
