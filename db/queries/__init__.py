"""Every read a page needs, guarded like the actions, and set-based (no query per patient).

One registry (QUERIES, filled by ``query``); the reads live in one module per capability and are
re-exported here, so pages and tests import them from ``db.queries``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from db.guard import guarded
from db.read_audit import NoPatientData, ReadAudit, StaffRead

P = ParamSpec("P")
R = TypeVar("R")

QUERIES: dict[str, Callable[..., object]] = {}
# What each staff query declares: StaffRead (audited once per page view) or NoPatientData (why not).
READ_AUDIT: dict[str, ReadAudit] = {}


def query(
    name: str, *, audit: ReadAudit | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a read a page needs behind POLICY[name] (db.guard); refusals are audited, and so
    is every answer of a query declared ``audit=StaffRead(...)`` (db/read_audit.py)."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        run = guarded(name, fn, audit)
        QUERIES[name] = run
        if audit is not None:
            READ_AUDIT[name] = audit
        return run

    return wrap


# Every capability module registers its functions on import (after the registry above exists).
from db.queries.audit import AUDIT_PAGE_MAX, AuditPage, AuditRow, audit_events, verify_audit_chain  # noqa: E402
from db.queries.care_team import CareTeamView, care_team_for_patient  # noqa: E402
from db.queries.clinic import ClinicCard, clinic_settings, public_clinic_card  # noqa: E402
from db.queries.flags import OPEN_STATUSES, FlagRow, flags_for_staff  # noqa: E402
from db.queries.lessons import (  # noqa: E402
    LearnView,
    LessonDetail,
    LessonStatus,
    lesson_for_patient,
    lessons_for_patient,
)
from db.queries.movement import (  # noqa: E402
    ClinicianMovementView,
    FlarePlanView,
    MoveView,
    flare_plan_for_patient,
    movement_for_clinician,
    movement_for_patient,
)
from db.queries.onboarding import OnboardingState, onboarding_state  # noqa: E402
from db.queries.panel import PANEL_COLUMNS, PatientChoice, panel_for_staff, patients_for_staff  # noqa: E402
from db.queries.plans import PlanView, plan_for_clinician  # noqa: E402
from db.queries.progress import GoalRow, ProgressView, progress_for_patient  # noqa: E402
from db.queries.questionnaires import DueQuestionnaire, due_questionnaires  # noqa: E402
from db.queries.rule_settings import (  # noqa: E402
    RulePreview,
    RuleSettingsView,
    preview_rule_settings,
    rule_settings_for_patient,
    rule_settings_for_program,
)
from db.queries.sessions import LiveSession, live_sessions  # noqa: E402
from db.queries.today import TodayView, today_for_patient  # noqa: E402
from db.queries.users import (  # noqa: E402
    AdminOverview,
    PatientLogin,
    UserAccount,
    admin_overview,
    patient_logins_for_staff,
    user_accounts,
)

__all__ = [
    "CareTeamView",
    "ClinicianMovementView",
    "FlarePlanView",
    "MoveView",
    "flare_plan_for_patient",
    "movement_for_clinician",
    "movement_for_patient",
    "ClinicCard",
    "care_team_for_patient",
    "clinic_settings",
    "public_clinic_card",
    "AUDIT_PAGE_MAX",
    "AdminOverview",
    "AuditPage",
    "AuditRow",
    "DueQuestionnaire",
    "FlagRow",
    "GoalRow",
    "LearnView",
    "LessonDetail",
    "LessonStatus",
    "LiveSession",
    "OPEN_STATUSES",
    "OnboardingState",
    "P",
    "PANEL_COLUMNS",
    "PatientChoice",
    "PatientLogin",
    "PlanView",
    "ProgressView",
    "QUERIES",
    "READ_AUDIT",
    "NoPatientData",
    "StaffRead",
    "R",
    "TodayView",
    "UserAccount",
    "admin_overview",
    "audit_events",
    "due_questionnaires",
    "flags_for_staff",
    "lesson_for_patient",
    "lessons_for_patient",
    "live_sessions",
    "onboarding_state",
    "panel_for_staff",
    "patient_logins_for_staff",
    "patients_for_staff",
    "plan_for_clinician",
    "progress_for_patient",
    "query",
    "RulePreview",
    "RuleSettingsView",
    "preview_rule_settings",
    "rule_settings_for_patient",
    "rule_settings_for_program",
    "today_for_patient",
    "user_accounts",
    "verify_audit_chain",
]
