"""The patient detail's outreach log: every try by the care team to reach the patient (recorded
in the follow-up queue), newest first, with what it was about (the callers check who asks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.models import Flag, FollowUpRequest, OutreachAttempt, User
from program.flag_names import rule_name


@dataclass(frozen=True)
class OutreachLine:
    at: datetime
    method: str  # OutreachMethod
    note: str | None  # typed by staff: plain text
    by: str
    about: str  # the flag's plain name, or the follow-up request's date; "" when neither


def outreach_log(session: Session, patient_id: int) -> tuple[OutreachLine, ...]:
    rows = session.exec(
        select(OutreachAttempt, User.display_name, Flag, FollowUpRequest.asked_on)
        .join(User, User.id == OutreachAttempt.by_id)
        .join(Flag, Flag.id == OutreachAttempt.flag_id, isouter=True)
        .join(FollowUpRequest, FollowUpRequest.id == OutreachAttempt.request_id, isouter=True)
        .where(OutreachAttempt.patient_id == patient_id)
        .order_by(OutreachAttempt.at.desc(), OutreachAttempt.id.desc())
    ).all()
    lines = []
    for attempt, by, flag, asked_on in rows:
        if flag is not None:
            about = rule_name(flag.rule, flag.inputs or {})
        elif asked_on is not None:
            about = f"follow-up asked for on {asked_on:%b %d, %Y}"
        else:
            about = ""
        lines.append(OutreachLine(attempt.at, attempt.method, attempt.note, by, about))
    return tuple(lines)
