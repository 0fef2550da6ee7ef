"""The words of the e-mails the care team gets: that a patient needs attention, and a link.

On purpose they hold NO health details: no name, no symptom, no score, no rule, no record number
(e-mail travels through servers the clinic does not control, and lands on phones' lock screens).
Only the severity, so a coordinator knows how soon to look. Pure Python.
"""

from __future__ import annotations

from program.vocabulary import Severity

# Where the link goes in a body; the worker puts APP_BASE_URL + the message's page there when it
# sends, so a changed address reaches every message still waiting.
LINK = "{link}"

WHY = {
    "opened": "has a new {severity} flag",
    "reopened": "has an {severity} flag that needs attention again",
    "raised": "has a flag that is now {severity}",
}
HOW_SOON = {
    Severity.EMERGENCY: "now",
    Severity.URGENT: "today",
}
FOOTER = (
    "This e-mail holds no patient details on purpose: log in to see them.\n"
    "Recalibrate is not watched around the clock. For an emergency, follow your clinic's own "
    "on-call plan.\n"
)


def alert_subject(severity: str) -> str:
    """``Recalibrate: a patient needs attention today (urgent)``."""
    return f"Recalibrate: a patient needs attention {HOW_SOON.get(severity, 'soon')} ({severity})"


def alert_body(severity: str, why: str) -> str:
    """To the patient's care team, when an emergency or urgent flag opens or reopens."""
    happened = WHY.get(why, WHY["opened"]).format(severity=severity)
    return (
        "Hello,\n\n"
        f"A patient on your panel {happened} in Recalibrate. Please log in and open the flag "
        f"queue to see who it is and what they need:\n\n{LINK}\n\n" + FOOTER
    )


def escalation_subject(severity: str) -> str:
    return f"Recalibrate: a patient's {severity} flag has not been acknowledged"


def escalation_body(severity: str, working_hours: float) -> str:
    """To the clinic-wide coordinators, when nobody acknowledged the flag in time."""
    return (
        "Hello,\n\n"
        f"An {severity} flag in Recalibrate has waited more than {working_hours:g} working "
        "hours without anyone acknowledging it. Please make sure someone on the care team "
        f"looks at it now:\n\n{LINK}\n\n" + FOOTER
    )


def render(body: str, link: str) -> str:
    """The text that is sent: the stored body with the link put in."""
    return body.replace(LINK, link)
