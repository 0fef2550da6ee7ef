"""Plain-text e-mail through the clinic's SMTP server (standard library only)."""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate

from core.settings import Settings

log = logging.getLogger("recalibrate.mail")
TIMEOUT_SECONDS = 20


def send_mail(
    settings: Settings,
    *,
    to: str,
    subject: str,
    body: str,
    message_id: str | None = None,
    automatic: bool = False,
) -> None:
    """Send one message; raises on failure (callers decide whether a user hears about it).

    ``message_id`` is kept by the caller (the outbox) so that a resend is the same message;
    ``automatic`` marks mail no person wrote (RFC 3834), so out-of-office replies stay away.
    """
    if settings.smtp_host is None:
        raise RuntimeError("SMTP_HOST is not set")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    if message_id:
        message["Message-ID"] = message_id
    if automatic:
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    context = ssl.create_default_context()
    if settings.smtp_security == "ssl":
        client = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS)
    with client:
        if settings.smtp_security == "starttls":
            client.starttls(context=context)
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password or "")
        client.send_message(message)


def in_background(work: Callable[[], None], what: str) -> threading.Thread:
    """Run ``work`` on a daemon thread, logging (never raising) its failure.

    Used for mail the person asked for, so that the answer on screen takes the same time whether
    or not a message was sent (the time would otherwise tell which usernames exist).
    """

    def run() -> None:
        try:
            work()
        except Exception:
            log.exception("%s failed", what)

    thread = threading.Thread(target=run, name=what, daemon=True)
    thread.start()
    return thread
