"""The warning-sign checklist of the daily check-in and how each tier is routed.

Asked only after a "yes" to "Anything new or different about your health?"; any ticked sign
stops self-management and shows, on the same screen, what to do now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from program.vocabulary import WARNING_SIGN_TIERS, Severity

# The tiers are the two most severe flag severities.
EMERGENCY = Severity.EMERGENCY
URGENT = Severity.URGENT


@dataclass(frozen=True)
class WarningSign:
    key: str
    text: str
    tier: str


WARNING_SIGNS: tuple[WarningSign, ...] = (
    WarningSign("saddle_numbness", "New numbness in the groin or between the legs", EMERGENCY),
    WarningSign("bladder_bowel", "New loss of control of your bladder or bowels", EMERGENCY),
    WarningSign(
        "weakness",
        "Weakness in legs or arms that is quickly getting worse, or new trouble walking",
        EMERGENCY,
    ),
    WarningSign(
        "thunderclap_headache", "A sudden, very bad headache, the worst you have had", EMERGENCY
    ),
    WarningSign("fever_stiff_neck", "Fever with a stiff neck", EMERGENCY),
    WarningSign("chest_pain", "Chest pain or pressure", EMERGENCY),
    WarningSign("short_of_breath", "Sudden shortness of breath", EMERGENCY),
    WarningSign("stroke", "Face drooping, arm weakness or slurred speech", EMERGENCY),
    WarningSign("self_harm", "Thoughts of harming yourself", EMERGENCY),
    WarningSign("fever_chills", "Fever or chills along with your pain", URGENT),
    WarningSign("weight_loss", "Weight loss you cannot explain", URGENT),
    WarningSign("fall_injury", "A new pain after a fall or accident", URGENT),
    WarningSign("night_pain", "A new pain that stays constant at night", URGENT),
    WarningSign("hand_clumsiness", "New clumsiness of your hands", URGENT),
    WarningSign("vision_fainting", "New double vision, fainting or blackouts", URGENT),
    WarningSign("calf", "A swollen, red or painful calf", URGENT),
    WarningSign("cancer_history", "You have had cancer and have a new pain", URGENT),
)
BY_KEY = {sign.key: sign for sign in WARNING_SIGNS}

# How staff views name each sign (flag titles, the flag's explanation, the patient detail's notes):
# the checklist's words speak to the patient ("along with your pain", "you have had cancer").
STAFF_NAMES: dict[str, str] = {
    "saddle_numbness": "New numbness in the groin or saddle area",
    "bladder_bowel": "New loss of bladder or bowel control",
    "weakness": "Quickly worsening weakness in legs or arms, or new trouble walking",
    "thunderclap_headache": "Sudden, very bad headache (worst ever)",
    "fever_stiff_neck": "Fever with a stiff neck",
    "chest_pain": "Chest pain or pressure",
    "short_of_breath": "Sudden shortness of breath",
    "stroke": "Face drooping, arm weakness or slurred speech",
    "self_harm": "Thoughts of self-harm",
    "fever_chills": "Fever or chills with the pain",
    "weight_loss": "Unexplained weight loss",
    "fall_injury": "New pain after a fall or accident",
    "night_pain": "New pain that stays constant at night",
    "hand_clumsiness": "New clumsiness of the hands",
    "vision_fainting": "New double vision, fainting or blackouts",
    "calf": "Swollen, red or painful calf",
    "cancer_history": "History of cancer, with a new pain",
}


def staff_name(key: str) -> str:
    """A sign as staff read it; a key no longer on the checklist is shown as it was stored."""
    return STAFF_NAMES.get(key) or (BY_KEY[key].text if key in BY_KEY else key)


@dataclass(frozen=True)
class Guidance:
    tier: str
    heading: str
    steps: tuple[str, ...]


GUIDANCE = {
    EMERGENCY: Guidance(
        EMERGENCY,
        "Please get emergency help now",
        (
            "Call 911 or go to the nearest emergency department now.",
            "Do not wait for the app or your care team to reply.",
            "If you are having thoughts of harming yourself, you can also call or text 988.",
            "Stop any exercise or activity until a clinician has seen you.",
        ),
    ),
    URGENT: Guidance(
        URGENT,
        "Please call your clinic today",
        (
            "Call your clinic today and tell them what is new.",
            "If the clinic is closed or things get worse, call 911 or go to the emergency department.",
            "Hold off on exercise or hard activity until you have talked with them.",
        ),
    ),
}

# Only thoughts of self-harm ticked: the crisis line first, and nothing about exercises.
# The flag it opens is still an emergency (highest_tier); only the words differ.
SELF_HARM_GUIDANCE = Guidance(
    EMERGENCY,
    "Please reach out for support now",
    (
        "Call or text 988 now to talk with someone. It is free and open day and night.",
        "If you are in danger now, or might act on these thoughts, call 911.",
        "Do not wait for the app or your care team to reply.",
    ),
)

NOT_MONITORED = (
    "This app is not watched around the clock. Your care team reads check-ins during clinic hours."
)


def unknown_keys(keys: Iterable[str]) -> list[str]:
    """Keys that are not on the checklist (to reject bad input)."""
    return [k for k in keys if k not in BY_KEY]


def highest_tier(keys: Iterable[str]) -> str | None:
    """The most serious tier among the ticked signs, or None when nothing is ticked."""
    tiers = {BY_KEY[k].tier for k in keys if k in BY_KEY}
    return next((t for t in WARNING_SIGN_TIERS if t in tiers), None)


def guidance_for(keys: Iterable[str]) -> Guidance | None:
    """What to do now for the ticked signs, or None when none is ticked.

    Self-harm alone gets the crisis steps (988 first); with any other emergency sign, 911 comes
    first and the emergency steps already offer 988.
    """
    ticked = {k for k in keys if k in BY_KEY}
    if ticked == {"self_harm"}:
        return SELF_HARM_GUIDANCE
    tier = highest_tier(ticked)
    return GUIDANCE[tier] if tier else None
