"""Every tunable number in one place: the design-choice defaults of the program and of sessions.

CLINICAL.md marks some numbers as *design choice*: ours, built from published anchors, and meant to
be changed by clinicians. They live here, each with its source, and nowhere else: functions in
``program/`` take them as keyword defaults (``DEFAULTS.<name>``) so that a caller can pass another
value, and a clinician-editable setting (RuleSetting, later) overrides them with
``DEFAULTS.replace(mood_soon_at=16)``. Published cut-offs that are *not* choices (questionnaire
bands, PHQ-2/GAD-2 lines) stay with their instruments in ``program.measures``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleDefaults:
    """The clinical design choices (CLINICAL.md), with the source of each number."""

    # "When to prompt a follow-up" -> Mood: PHQ-9 or GAD-7 total >= 15 -> soon, >= 10 -> routine.
    mood_soon_at: int = 15
    mood_routine_at: int = 10
    # "The baseline week": daily pain needs check-ins on at least this many days (the "three days"
    # CLINICAL.md asks for movement tolerance, used for daily pain too).
    baseline_check_in_days: int = 3
    # Questionnaire drafts: a half-done questionnaire may be resumed for this many days (PEG asks
    # about "the past week"; PHQ-9 and GAD-7 about "the last 2 weeks").
    draft_keep_days: int = 7
    # PEG meaningful change (Reed 2023 anchors 1.0-1.75 points): a fall of at least this much.
    peg_meaningful_change: float = 1.0
    # Daily pain NRS, IMMPACT: a fall of 30% or more is a moderate, meaningful change.
    pain_meaningful_fall: float = 0.30
    # The 7-day mean of daily pain (Progress, and the care team's panel): the window in days, and
    # the fewest check-ins inside it for a mean at all, so that one day is never "a trend".
    pain_window_days: int = 7
    pain_min_days: int = 3
    # "When to prompt a follow-up" -> Persisting: from this program week, with at least this many
    # weekly PEGs after baseline and a baseline PEG of at least the floor, the mean of the last
    # two weekly PEGs has fallen by less than ``peg_fall_line`` (30%, IMMPACT) of baseline.
    persisting_from_week: int = 6
    persisting_min_weekly_pegs: int = 2
    persisting_baseline_floor: float = 3.0
    peg_fall_line: float = 0.30
    # Worsening: weekly PEG this many points above baseline for this many weeks running, or the
    # 7-day mean of daily pain this many points above the baseline week's mean.
    worsening_peg_rise: float = 1.0
    worsening_peg_weeks: int = 2
    worsening_pain_rise: float = 2.0
    # End of program: this program week reached with less than ``peg_fall_line`` fall in PEG.
    end_of_program_week: int = 12
    # Low adherence (coordinator only): this many days in a row without a check-in.
    low_adherence_days: int = 5
    # The panel's adherence (issue 13: "due items done in the last 14 days"): the window in days,
    # ending yesterday (program/adherence.py says what is due).
    adherence_window_days: int = 14
    # Quiet periods: no repeat of the same rule this many days after a completed visit (4 weeks);
    # a patient's "Not now" brings the prompt back after this many days.
    quiet_after_visit_days: int = 28
    not_now_days: int = 7
    # A booked follow-up visit: how long it is in the patient's calendar (.ics), and how far ahead
    # the care team may book it (design choices, not in CLINICAL.md).
    visit_minutes: int = 30
    visit_book_ahead_days: int = 180

    # "Questionnaires we use": PHQ-9 and GAD-7 every this many weeks from the baseline week, also
    # after week 12 ("Pause and after week 12": the maintenance plan's safety net).
    mood_questionnaire_every_weeks: int = 4
    # "Pause and after week 12": a patient may pause their own program for up to this many days at
    # a time (a design choice: a holiday, an illness, an operation; longer with the care team).
    self_pause_max_days: int = 42
    # A downloaded daily reminder repeats until the end of the program; after week 12 (or while
    # the end is not known yet) it repeats for this many days from the download (a design choice).
    reminder_repeat_days: int = 84

    # "Graded movement": start at 80% of the baseline, one level is 10% of it, never below 50%.
    movement_start_fraction: float = 0.8
    movement_step_fraction: float = 0.1
    movement_floor_fraction: float = 0.5
    # Step back one level after this many flare episodes starting within this many days.
    movement_window_days: int = 14
    movement_episodes_to_step_back: int = 2
    # "Onboarding / baseline week": the baseline of an exercise is the mean of this many days of
    # comfortable tolerance.
    movement_baseline_days: int = 3
    # A week does not step up when "less than planned" was logged on more than this share of the
    # days the exercise was logged that week (issue 11: "less than planned on most days").
    movement_less_share: float = 0.5
    # A flare from pain: daily pain at least this many points above the mean of the days before
    # (this many days, with at least this many check-ins), on this many days running.
    flare_pain_rise: int = 2
    flare_pain_window_days: int = 7
    flare_pain_min_days: int = 3
    flare_run_days: int = 2
    # "Sleep", bedtime scheduling (Davidson): efficiency below the first line -> 15 minutes less in
    # bed; up to the second -> keep; up to the third -> 15 minutes more; at or above it -> 30 more.
    sleep_keep_from: float = 85.0
    sleep_more_from: float = 90.0
    sleep_much_more_from: float = 95.0
    sleep_step_minutes: int = 15
    sleep_big_step_minutes: int = 30
    # Never under 5 hours in bed: a design choice above the 4.5-hour floor of the protocol.
    sleep_min_time_in_bed: int = 300
    # The window behind a scheduling step: the last 7 nights, with at least 5 diary entries.
    sleep_window_nights: int = 7
    sleep_min_nights: int = 5
    # The diary takes last night by default and, for catching up, any of this many nights back.
    sleep_diary_nights_back: int = 7

    # "Breathing and mindfulness": slow (resonance) breathing at about 6 breaths a minute (e.g. 4 s
    # in, 6 s out, so the breath in is 40% of each breath), adjustable from 4 to 7; sessions of
    # 5-20 minutes, plus a 3-minute one to begin with (the 3, 5, 10, 15 or 20).
    breathing_bpm: int = 6
    breathing_min_bpm: int = 4
    breathing_max_bpm: int = 7
    breathing_in_share: float = 0.4
    practice_lengths: tuple[int, ...] = (3, 5, 10, 15, 20)
    practice_default_minutes: int = 5

    def replace(self, **changes: Any) -> RuleDefaults:
        """A copy with some numbers changed (a clinician's settings); unknown names raise."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class SessionDefaults:
    """Session limits (DESIGN.md, security): environment variables override each (core.settings)."""

    staff_idle_minutes: int = 15  # STAFF_IDLE_MINUTES: staff logged off after this long idle
    staff_absolute_hours: int = 12  # STAFF_ABSOLUTE_HOURS: and after this long in any case
    patient_remember_days: int = 30  # PATIENT_REMEMBER_DAYS: a patient's phone stays logged in
    patient_idle_days: int = 14  # PATIENT_IDLE_DAYS: unless unused this long
    lockout_threshold: int = 5  # LOCKOUT_THRESHOLD: failed logins before a lockout
    lockout_minutes: int = 15  # LOCKOUT_MINUTES: how long the first lockout lasts
    # LOCKOUT_MAX_MINUTES: each lockout in a row lasts twice the one before, up to this (a day)
    lockout_max_minutes: int = 1440
    temp_password_hours: int = 24  # TEMP_PASSWORD_HOURS: an admin-issued password stops working
    # APPROVAL_HOURS: a request for a second admin's approval (a staff login, a temporary password
    # issued by an admin) lapses after this long, so that nobody approves a stale one (3 days
    # covers a weekend; issue 10, item 3).
    approval_hours: int = 72
    # LOCKOUT_ACCOUNT_THRESHOLD: where the client's address is known (TRUSTED_PROXIES), each
    # (client, account) pair pauses after LOCKOUT_THRESHOLD failures and the whole account only
    # after this many, so a guesser elsewhere cannot keep the real user out (README, "Lockout").
    lockout_account_threshold: int = 20

    def replace(self, **changes: Any) -> SessionDefaults:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class AlertDefaults:
    """Alerts that reach someone (issue 12): escalation, and how the mail worker retries."""

    # An emergency or urgent flag nobody acknowledged within this many WORKING hours (counted in
    # the clinic's opening hours and time zone, program/escalation.py) escalates to the
    # clinic-wide coordinators. Issue 12: "default 4 working hours".
    escalation_working_hours: float = 4.0
    # A failed send is tried again after this many seconds, doubling each time up to the cap:
    # 1, 2, 4 ... 60 minutes, so a mail server down for a morning still gets every alert.
    retry_first_seconds: int = 60
    retry_max_seconds: int = 3600
    # Tries before a message is marked failed for an admin to look at (about 8 hours of retries).
    max_attempts: int = 14
    # A worker holds a claimed message this long (well over SMTP's 20 s timeout); a worker that
    # died mid-send leaves it to another after this.
    claim_seconds: int = 300
    # The app runs the whole cohort's rules at most this often when staff open their views.
    cohort_run_every_seconds: int = 3600


DEFAULTS = RuleDefaults()
SESSION_DEFAULTS = SessionDefaults()
ALERT_DEFAULTS = AlertDefaults()
