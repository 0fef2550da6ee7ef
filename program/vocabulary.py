"""The one vocabulary of states: roles, severities, statuses, plan-event kinds, tracks, instruments.

Each is a ``StrEnum``: a member is equal to (and stored as) its plain string, so database values,
JSON and tests written with strings keep working. Use the members in code instead of bare strings,
so that a typo is an AttributeError at import time rather than a silent mismatch.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A user's role (User.roles); staff roles also name a care-team place (CareTeamMember.role)."""

    PATIENT = "patient"
    COORDINATOR = "coordinator"
    CLINICIAN = "clinician"
    ADMIN = "admin"


# Care-team roles: the staff who look after patients (an admin sees clinical data only with one).
CARE_ROLES: tuple[Role, ...] = (Role.COORDINATOR, Role.CLINICIAN)


class Severity(StrEnum):
    """How soon a flag needs the care team, most severe first (CLINICAL.md "When to prompt")."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SOON = "soon"
    ROUTINE = "routine"

    @property
    def rank(self) -> int:
        """0 for the most severe."""
        return SEVERITY_ORDER.index(self)


# Most severe first: the order of the panel's columns and of the flag queue.
SEVERITY_ORDER: tuple[Severity, ...] = tuple(Severity)


def severity_rank(severity: str) -> int:
    """0 for the most severe; an unknown severity sorts after every known one."""
    try:
        return Severity(severity).rank
    except ValueError:
        return len(SEVERITY_ORDER)


# The tiers of the warning-sign checklist are the two most severe flag severities.
WARNING_SIGN_TIERS: tuple[Severity, ...] = (Severity.EMERGENCY, Severity.URGENT)


class FlagStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class FlagEventKind(StrEnum):
    """What happened to a flag episode, as its history lists it."""

    OPENED = "opened"
    REFRESHED = "refreshed"
    REOPENED = "reopened"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    RISK_ASSESSED = "risk_assessed"
    # An emergency or urgent episode nobody acknowledged in time: the clinic-wide coordinators
    # were e-mailed (db/escalation.py); once per episode.
    ESCALATED = "escalated"


# A flag still waiting for the care team to close it.
OPEN_FLAG_STATUSES: tuple[FlagStatus, ...] = (FlagStatus.OPEN, FlagStatus.ACKNOWLEDGED)


# Severities whose new (or reopened) flags e-mail the care team at once, and escalate when nobody
# acknowledges them in time (issue 12, "Alerts that reach someone").
ALERT_SEVERITIES: tuple[Severity, ...] = (Severity.EMERGENCY, Severity.URGENT)


class MailKind(StrEnum):
    """Why an e-mail is in the outbox (OutboxMessage.kind)."""

    ALERT = "alert"  # a new or reopened emergency/urgent flag, to the patient's care team
    ESCALATION = "escalation"  # such a flag not acknowledged in time, to clinic-wide coordinators


class MailStatus(StrEnum):
    """Where an outbox message is (OutboxMessage.status)."""

    QUEUED = "queued"  # waiting for the worker (again, after a failed try)
    SENT = "sent"  # the mail server accepted it
    FAILED = "failed"  # refused for good, or out of tries: an admin must look


class Job(StrEnum):
    """A clock-driven job that runs once across cron, the app and every replica (JobLease.name)."""

    RULES = "rules"  # the cohort run of the follow-up rules
    OUTBOX = "outbox"  # a pass of the mail worker
    ESCALATION = "escalation"  # looking for flags nobody acknowledged in time


class EnrolmentStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


# The current enrolment is active or paused; completed and withdrawn ones are history.
CURRENT_ENROLMENT_STATUSES: tuple[EnrolmentStatus, ...] = (
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.PAUSED,
)


class PlanEventKind(StrEnum):
    """A change to one patient's plan (PlanEvent.kind)."""

    HOLD = "hold"
    RELEASE = "release"
    UNLOCK = "unlock"
    SKIP = "skip"
    PAUSE = "pause"
    RESUME = "resume"
    # Graded movement: a clinician sets the level (details: level, optional exercise) or the step.
    MOVEMENT_LEVEL = "movement_level"
    MOVEMENT_STEP = "movement_step"
    # Bedtime scheduling, switched on (details: the rule-outs confirmed) or off for one patient.
    SLEEP_SCHEDULING_ON = "sleep_scheduling_on"
    SLEEP_SCHEDULING_OFF = "sleep_scheduling_off"


# Kinds about one module; the others (pause, resume) are about the whole program.
MODULE_EVENT_KINDS: tuple[PlanEventKind, ...] = (
    PlanEventKind.HOLD,
    PlanEventKind.RELEASE,
    PlanEventKind.UNLOCK,
    PlanEventKind.SKIP,
)
PAUSE_EVENT_KINDS: tuple[PlanEventKind, ...] = (PlanEventKind.PAUSE, PlanEventKind.RESUME)


class VersionStatus(StrEnum):
    """A module version (ModuleVersion.status): waiting, what patients get, or set aside."""

    DRAFT = "draft"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class VersionSource(StrEnum):
    """Who wrote a module version: the shipped lesson files, or a clinician in the editor."""

    SHIPPED = "shipped"
    CLINICIAN = "clinician"


class Track(StrEnum):
    """A lesson's track (Module.track)."""

    EDUCATION = "education"
    MOVEMENT = "movement"
    SLEEP = "sleep"
    BREATHING = "breathing"


class QuestionnaireCode(StrEnum):
    """A stored questionnaire (QuestionnaireResponse.instrument)."""

    PEG = "PEG"
    CSI = "CSI"
    PHQ9 = "PHQ9"
    GAD7 = "GAD7"


class ExerciseUnit(StrEnum):
    """How an exercise is measured (program/content/exercises.yaml, movement targets)."""

    MINUTES = "minutes"
    REPS = "reps"


class ExerciseKind(StrEnum):
    """The three kinds of exercise in the movement library."""

    WALKING = "walking"
    MOBILITY = "mobility"
    STRENGTH = "strength"


class MovementResult(StrEnum):
    """How a day's movement went against the plan (MovementLog.result); "more" is not praised."""

    AS_PLANNED = "as_planned"
    LESS = "less"
    MORE = "more"


class MovementFeeling(StrEnum):
    """How a day's movement felt (MovementLog.felt)."""

    EASY = "easy"
    OK = "ok"
    HARD = "hard"


class ApprovalKind(StrEnum):
    """A change that lets an admin reach clinical data, asked of a second admin (AdminApproval)."""

    # A new staff login (coordinator, clinician, admin, or clinic-wide): its first password is
    # made when a second admin approves, and shown to that admin only.
    STAFF_LOGIN = "staff_login"
    # A temporary password for an existing login, issued by an admin (a coordinator's own patient
    # needs none).
    TEMPORARY_PASSWORD = "temporary_password"


class ApprovalStatus(StrEnum):
    """Where a request for a second admin's approval stands (AdminApproval.status)."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    # Applied at once because no other active admin could approve it; listed on the audit page
    # until an admin marks it reviewed.
    APPLIED_ALONE = "applied_alone"


class PracticeKind(StrEnum):
    """A breathing or mindfulness practice the patient did (PracticeSession.kind)."""

    BREATHING = "breathing"
    BODY_SCAN = "body_scan"
    NOTICING = "noticing"


class FollowUpStatus(StrEnum):
    """Where a follow-up request is (FollowUpRequest.status): requested -> scheduled -> completed,
    or cancelled (with a reason and by whom) from requested or scheduled."""

    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# A request still being worked on: at most one per patient (the database refuses a second).
ACTIVE_FOLLOW_UP_STATUSES: tuple[FollowUpStatus, ...] = (
    FollowUpStatus.REQUESTED,
    FollowUpStatus.SCHEDULED,
)


class VisitModality(StrEnum):
    """How a follow-up visit happens."""

    TELEHEALTH = "telehealth"
    IN_PERSON = "in_person"


class OutreachMethod(StrEnum):
    """How the care team tried to reach a patient (OutreachAttempt.method)."""

    CALLED = "called"
    LEFT_MESSAGE = "left_message"
    TEXTED = "texted"
    NO_ANSWER = "no_answer"


class RuleSettingScope(StrEnum):
    """What one version of the follow-up rules' settings applies to (RuleSetting.scope)."""

    PROGRAM = "program"  # every patient of a program
    PATIENT = "patient"  # one patient, over their program's settings
