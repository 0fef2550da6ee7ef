"""Follow-up requests and visits, as pure rules: windows, booking times, prompts, the queue's order.

No database, no Streamlit. The actions in ``db.actions.follow_ups`` store what these decide; the
prompt rules follow CLINICAL.md ("When to prompt a follow-up"): emergency and urgent prompts say
what to do now first and have no "Not now"; warning signs and PHQ-9 item 9 are never silenced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from program.defaults import DEFAULTS
from program.rules import (
    LOW_ADHERENCE_RULE,
    MEDICINES_RULE,
    PHQ9_ITEM9_RULE,
    QUIETABLE,
    SELF_HARM_SIGN,
    SELF_HARM_SIGN_RULE,
    WARNING_SIGN_RULE,
)
from program.vocabulary import (
    WARNING_SIGN_TIERS,
    FollowUpStatus,
    Severity,
    severity_rank,
)
from program.warning_signs import GUIDANCE, SELF_HARM_GUIDANCE, Guidance, guidance_for

MAX_WINDOWS = 3  # "up to three preferred day/time windows" (the issue)
# A preferred window: a day of the week (or any) and a part of the day (or any), patient's time.
WINDOW_DAYS: dict[str, str] = {
    "any": "Any day",
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
}
WINDOW_TIMES: dict[str, str] = {
    "any": "any time",
    "morning": "morning (8 to 12)",
    "afternoon": "afternoon (12 to 5)",
    "evening": "evening (after 5)",
}
# Times a visit may start (the patient's local time): catches an "am" typed for a "pm".
EARLIEST_VISIT, LATEST_VISIT = time(6, 0), time(21, 0)
# Rules that are notes for the care team only: they never prompt the patient.
STAFF_ONLY_RULES = frozenset({LOW_ADHERENCE_RULE, MEDICINES_RULE})
# A patient's own request has no flag; it ranks with the "soon" flags in the queue (a person who
# asks to be seen should not wait behind routine reminders).
OWN_REQUEST_SEVERITY = Severity.SOON

_NEXT: dict[str, frozenset[str]] = {
    FollowUpStatus.REQUESTED: frozenset({FollowUpStatus.SCHEDULED, FollowUpStatus.CANCELLED}),
    FollowUpStatus.SCHEDULED: frozenset(
        {FollowUpStatus.SCHEDULED, FollowUpStatus.COMPLETED, FollowUpStatus.CANCELLED}
    ),
    FollowUpStatus.COMPLETED: frozenset(),
    FollowUpStatus.CANCELLED: frozenset(),
}


def may_move(status: str, to: str) -> bool:
    """Whether a request in ``status`` may become ``to`` (scheduled -> scheduled: a new time)."""
    return to in _NEXT.get(status, frozenset())


def checked_windows(windows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Up to three distinct preferred windows as stored; ``ValueError`` says what is wrong.

    "Any day, any time" says nothing a coordinator can use, so it is left out.
    """
    out: list[dict[str, str]] = []
    for window in windows:
        if not isinstance(window, Mapping) or set(window) != {"day", "time"}:
            raise ValueError("Please choose a day and a time for each window.")
        day, part = window["day"], window["time"]
        if day not in WINDOW_DAYS or part not in WINDOW_TIMES:
            raise ValueError("Please choose a day and a time from the lists.")
        item = {"day": day, "time": part}
        if item != {"day": "any", "time": "any"} and item not in out:
            out.append(item)
    if len(out) > MAX_WINDOWS:
        raise ValueError(f"Please choose up to {MAX_WINDOWS} times that suit you.")
    return out


# What the request form offers: "tue:morning" for each day and part of the day (not "any, any").
WINDOW_CHOICES: tuple[str, ...] = tuple(
    f"{day}:{part}" for day in WINDOW_DAYS for part in WINDOW_TIMES if (day, part) != ("any", "any")
)


def window_from_choice(choice: str) -> dict[str, str]:
    """``{"day": "tue", "time": "morning"}`` from the form's ``tue:morning``."""
    day, _, part = choice.partition(":")
    return {"day": day, "time": part}


def window_text(window: Mapping[str, str]) -> str:
    """``Tuesday, morning (8 to 12)``: a stored window in plain words."""
    return f"{WINDOW_DAYS[window['day']]}, {WINDOW_TIMES[window['time']]}"


def visit_start(day: date, at: time, timezone: str) -> datetime:
    """The UTC moment a visit at local ``day`` ``at`` begins in ``timezone``.

    ``ValueError`` for a time the clocks skip (the spring change) or an unknown zone. A time that
    happens twice (the autumn change) is the first of the two.
    """
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"Unknown time zone {timezone!r}.") from None
    local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone)
    utc = local.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(
            f"{at:%H:%M} does not exist on {day.isoformat()} in this time zone (the clocks "
            "change that night). Please choose another time."
        )
    return utc


def booking_problem(
    day: date,
    at: time,
    timezone: str,
    today: date,
    *,
    ahead_days: int = DEFAULTS.visit_book_ahead_days,
) -> str | None:
    """Why a visit cannot be booked at local ``day`` ``at`` (``today``: the patient's), or None."""
    if day < today:
        return "Please choose today or a later date."
    if day > today + timedelta(days=ahead_days):
        return f"Please choose a date within {ahead_days} days."
    if at.second or at.microsecond:
        return "Please choose a time in whole minutes."
    if not EARLIEST_VISIT <= at <= LATEST_VISIT:
        return (
            f"Please choose a time from {EARLIEST_VISIT:%H:%M} to {LATEST_VISIT:%H:%M} "
            "(the patient's time)."
        )
    try:
        visit_start(day, at, timezone)
    except ValueError as exc:
        return str(exc)
    return None


# --- prompts -------------------------------------------------------------------------------------


def prompts_patient(rule: str, patient_text: str | None) -> bool:
    """Whether an open flag shows the patient a prompt: it has words for them, and its rule is not
    one only the care team sees (low adherence never prompts the patient)."""
    return bool(patient_text) and rule not in STAFF_ONLY_RULES


def acts_now(severity: str) -> bool:
    """Emergency and urgent prompts say what to do now first, before any request form."""
    return severity in WARNING_SIGN_TIERS


def offers_not_now(rule: str, severity: str) -> bool:
    """Only soon and routine prompts of the quietable rules offer "Not now" (never warning signs,
    never PHQ-9 item 9, never an urgent or emergency prompt)."""
    return rule in QUIETABLE and not acts_now(severity)


def not_now_in_effect(said_on: date, today: date, *, days: int = DEFAULTS.not_now_days) -> bool:
    """A "Not now" said on ``said_on`` hides its prompt until ``days`` later."""
    return said_on <= today < said_on + timedelta(days=days)


def returns_on(said_on: date, *, days: int = DEFAULTS.not_now_days) -> date:
    """The day a prompt answered "Not now" on ``said_on`` comes back."""
    return said_on + timedelta(days=days)


def prompt_guidance(rule: str, severity: str, inputs: Mapping[str, Any] | None) -> Guidance | None:
    """What an emergency or urgent prompt tells the patient to do now (None for the others).

    A self-harm answer gets the crisis steps (988 first); a warning sign the steps of its tier.
    """
    if not acts_now(severity):
        return None
    signs: Sequence[str] = (inputs or {}).get("signs") or ()
    if rule in (PHQ9_ITEM9_RULE, SELF_HARM_SIGN_RULE) or list(signs) == [SELF_HARM_SIGN]:
        return SELF_HARM_GUIDANCE
    if rule == WARNING_SIGN_RULE and signs:
        return guidance_for(signs) or GUIDANCE[severity]
    return GUIDANCE[severity]


def queue_order_key(severity: str, self_harm: bool, since: datetime) -> tuple[int, int, datetime]:
    """The follow-up queue's order, as the flag queue's (program.rules.flag_order_key): most
    severe first, a self-harm answer first within its severity, then the oldest. A patient's own
    request ranks as ``OWN_REQUEST_SEVERITY``."""
    return (severity_rank(severity), 0 if self_harm else 1, since)
