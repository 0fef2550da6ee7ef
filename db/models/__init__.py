"""SQLModel tables: the one description of what Recalibrate stores, one file per capability.

Times are aware UTC datetimes (``core.clock.utcnow()``); days a patient lives in are stored as that
patient's local ``date`` next to their IANA time zone. Every table is re-exported here, so code
imports them from ``db.models``; a new capability adds its own file and one import line below.
"""

from __future__ import annotations

from db.models.admin_approval import AdminApproval
from db.models.audit import AuditChainHead, AuditEvent
from db.models.base import (
    AUDIT_OUTCOMES,
    OPEN_FLAG_WHERE,
    SESSION_KINDS,
    VERSION_STATUSES,
    between,
    max_length,
    one_of,
)
from db.models.care import Clinic, Flag, FlagEvent, WarningSignReport
from db.models.follow_ups import FollowUpRequest, NotNowAnswer, OutreachAttempt, Visit
from db.models.identity import CareTeamMember, LoginSession, PasswordResetToken, Patient, User
from db.models.leases import JobLease
from db.models.login_throttle import LoginThrottle
from db.models.movement import ExerciseChoice, FlarePlan, MovementBaselineDay, MovementLog
from db.models.outbox import OutboxMessage
from db.models.panel_summary import PatientSummary
from db.models.practice import PracticeSession
from db.models.program import Enrolment, Module, ModuleVersion, PlanEvent, Program
from db.models.records import (
    CheckIn,
    CheckInDraft,
    Consent,
    Goal,
    ModuleCompletion,
    QuestionnaireDraft,
    QuestionnaireResponse,
)
from db.models.reminders import DailyReminder
from db.models.rule_settings import RuleSetting
from db.models.sleep import SleepDiaryEntry

__all__ = [
    "AdminApproval",
    "LoginThrottle",
    "AUDIT_OUTCOMES",
    "OPEN_FLAG_WHERE",
    "SESSION_KINDS",
    "VERSION_STATUSES",
    "AuditChainHead",
    "AuditEvent",
    "CareTeamMember",
    "CheckIn",
    "CheckInDraft",
    "Clinic",
    "Consent",
    "DailyReminder",
    "Enrolment",
    "ExerciseChoice",
    "Flag",
    "FlagEvent",
    "FlarePlan",
    "FollowUpRequest",
    "Goal",
    "JobLease",
    "LoginSession",
    "Module",
    "ModuleCompletion",
    "ModuleVersion",
    "MovementBaselineDay",
    "MovementLog",
    "NotNowAnswer",
    "OutreachAttempt",
    "OutboxMessage",
    "PasswordResetToken",
    "Patient",
    "PatientSummary",
    "PlanEvent",
    "PracticeSession",
    "Program",
    "QuestionnaireDraft",
    "QuestionnaireResponse",
    "SleepDiaryEntry",
    "RuleSetting",
    "User",
    "Visit",
    "WarningSignReport",
    "between",
    "max_length",
    "one_of",
]
