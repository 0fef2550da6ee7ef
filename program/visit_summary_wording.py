"""Words of the visit summary PDF (export/visit_summary.py): the patient's "share with my doctor"
version in plain words (grade 8 or lower, tested), and the care team's version, which may name
score bands and the meaningful-change lines (CLINICAL.md: those judgements are for staff)."""

from __future__ import annotations

# --- the patient's version --------------------------------------------------------------------
PATIENT_TITLE = "My summary to share"
PATIENT_INTRO = (
    "You can share this with your doctor. It shows what you recorded in the Recalibrate app. "
    "It is not a diagnosis."
)
PATIENT_SAFETY = (
    "This app is not watched around the clock. In an emergency call 911. "
    "For thoughts of self-harm call or text 988."
)
PATIENT_HEADINGS = {
    "program": "My program",
    "adherence": "What I have done",
    "pain": "My pain each day (0 to 10)",
    "peg": "My weekly pain score (0 to 10)",
    "scores": "My latest answers to the questions",
    "plan": "Changes to my plan",
    "goals": "My goals",
}
PATIENT_NO_PAIN = "No pain check-ins yet."
PATIENT_NO_PEG = "No weekly pain scores yet."
PATIENT_NO_SCORES = "No answers to the questions yet."
PATIENT_NO_PLAN = "No changes to my plan."
PATIENT_NO_GOALS = "No goals written down yet."
PATIENT_CHART_KEY = "Dots: each day. Line: the average of the last 7 days."

# The Progress page's button for it.
SHARE_HEADING = "Share with my doctor"
SHARE_TEXT = (
    "Download a short summary of what you recorded: your pain, your weekly scores, your "
    "questionnaires, your plan and your goals. You choose who sees it."
)
SHARE_BUTTON = "Get my summary as a PDF"

# --- the care team's version ------------------------------------------------------------------
STAFF_TITLE = "Visit summary (care team)"
STAFF_INTRO = (
    "Prepared from the patient's own records in Recalibrate. Score bands and meaningful-change "
    "marks are group-level anchors for the care team, not verdicts on this patient."
)
STAFF_HEADINGS = {
    "program": "Enrolment",
    "adherence": "Adherence (apart from outcomes)",
    "pain": "Daily pain (NRS 0-10)",
    "peg": "PEG (0-10), weekly",
    "scores": "Latest questionnaire scores",
    "flags": "Open flags",
    "notes": "Medicines notes (as typed by the patient)",
    "plan": "Plan changes",
    "goals": "Patient's goals",
}
STAFF_NO_FLAGS = "No open flags."
STAFF_CHART_KEY = "Dots: daily pain. Line: 7-day mean (at least 3 check-ins)."
STAFF_FOOTER = "Contains protected health information. Share only with the patient's care team."
PATIENT_FOOTER = "Made with the Recalibrate app."


def done_lines(check_ins: int, days: int, lessons: int) -> list[str]:
    """What the patient has done, counted up: never what is missing, never a zero."""
    lines = []
    if check_ins:
        lines.append(f"Check-ins in the last {days} days: {check_ins}.")
    if lessons:
        lines.append(f"Lessons done so far: {lessons}.")
    return lines or ["My check-ins and lessons will show here as I go."]


def week_line(week: int, weeks: int, paused: bool, finished: bool) -> str:
    if paused:
        return "My program is on a break right now."
    if finished:
        return f"I have finished the {weeks} weeks."
    if week == 0:
        return "I am in my first week of getting started."
    return f"I am in week {week} of {weeks}."


def pain_change_line(first_week: float | None, recent: float | None) -> str:
    """The patient's own numbers, without any judgement of the change."""
    if first_week is None or recent is None:
        return "After a few more check-ins, my first week and my last 7 days can be compared."
    return (
        f"My average pain over the last 7 days: {recent:.1f}. "
        f"In my first week it was {first_week:.1f}."
    )


def peg_change_line(baseline: float | None, latest: float | None) -> str:
    if baseline is None:
        return PATIENT_NO_PEG
    if latest is None:
        return f"My first weekly score was {baseline:.1f}."
    return f"My latest weekly score is {latest:.1f}. At the start it was {baseline:.1f}."


# Questionnaire names on each version (the CSI is a symptom-burden score, CLINICAL.md).
SCORE_TITLES = {
    "PEG": ("PEG (pain, enjoyment, activity)", "Pain and daily life"),
    "PHQ9": ("PHQ-9 (depression)", "Mood"),
    "GAD7": ("GAD-7 (anxiety)", "Worry and stress"),
    "CSI": ("CSI part A (symptom burden)", "How my body feels"),
}
# What each plan change is called: (care team, patient).
PLAN_WORDS = {
    "hold": ("Put on hold", "A lesson was put on hold"),
    "release": ("Released", "A lesson was opened again"),
    "unlock": ("Unlocked early", "A lesson was opened early"),
    "skip": ("Skipped", "A lesson was skipped"),
    "pause": ("Program paused", "My program was paused"),
    "resume": ("Program resumed", "My program started again"),
    "movement_level": ("Movement level set", "My movement level was set"),
    "movement_step": ("Movement step set", "My movement steps were changed"),
    "sleep_scheduling_on": ("Bedtime scheduling on", "Bedtime planning was switched on"),
    "sleep_scheduling_off": ("Bedtime scheduling off", "Bedtime planning was switched off"),
}


def plan_words(kind: str, module_title: str, until: str, *, staff: bool) -> str:
    """One plan change in words: what, which lesson, and until when."""
    what = PLAN_WORDS.get(kind, (kind.replace("_", " ").capitalize(),) * 2)[0 if staff else 1]
    if module_title:
        what += f": {module_title}"
    if until:
        what += f" (until {until})"
    return what


# Every patient sentence above, for the reading-grade test.
PATIENT_SENTENCES: tuple[str, ...] = (
    PATIENT_TITLE,
    PATIENT_INTRO,
    PATIENT_SAFETY,
    *PATIENT_HEADINGS.values(),
    PATIENT_NO_PAIN,
    PATIENT_NO_PEG,
    PATIENT_NO_SCORES,
    PATIENT_NO_PLAN,
    PATIENT_NO_GOALS,
    PATIENT_CHART_KEY,
    PATIENT_FOOTER,
    SHARE_HEADING,
    SHARE_TEXT,
    SHARE_BUTTON,
    *done_lines(9, 14, 4),
    *done_lines(0, 14, 0),
    week_line(3, 12, False, False),
    week_line(3, 12, True, False),
    week_line(13, 12, False, True),
    week_line(0, 12, False, False),
    pain_change_line(6.2, 5.1),
    pain_change_line(None, None),
    peg_change_line(6.0, 5.0),
    peg_change_line(6.0, None),
    *(patient for _, patient in SCORE_TITLES.values()),
    *(patient for _, patient in PLAN_WORDS.values()),
)
