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
from db.queries.admin_approval import (  # noqa: E402
    ApprovalRow,
    ApprovalsView,
    admin_approvals,
    unapproved_changes,
)
from db.queries.audit import AUDIT_PAGE_MAX, AuditPage, AuditRow, audit_events, verify_audit_chain  # noqa: E402
from db.queries.care_team import CareTeamView, care_team_for_patient  # noqa: E402
from db.queries.clinic import ClinicCard, clinic_settings, public_clinic_card  # noqa: E402
from db.queries.fhir_export import fhir_export_for_staff  # noqa: E402
from db.queries.flags import OPEN_STATUSES, FlagRow, flags_for_staff  # noqa: E402
from db.queries.follow_up_queue import FollowUpQueue, QueueItem, follow_up_queue  # noqa: E402
from db.queries.follow_ups import (  # noqa: E402
    FollowUpPage,
    FollowUpPrompts,
    follow_up_prompts,
    follow_ups_for_patient,
)
from db.queries.lessons import (  # noqa: E402
    LearnView,
    LessonDetail,
    LessonStatus,
    lesson_for_patient,
    lessons_for_patient,
)
from db.queries.login_throttle import PausedClient, paused_login_clients  # noqa: E402
from db.queries.modules import (  # noqa: E402
    EditorOverview,
    ModuleHistory,
    module_for_editor,
    program_modules_for_editor,
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
from db.queries.outbox import OutboxProblem, OutboxStatus, outbox_status  # noqa: E402
from db.queries.overdue import OverdueFlag, overdue_flags_for_staff  # noqa: E402
from db.queries.panel import (  # noqa: E402
    PANEL_COLUMNS,
    PatientChoice,
    RecentPanel,
    panel_for_staff,
    patients_for_staff,
    recent_panel_for_staff,
)
from db.queries.panel_export import PanelExport, panel_csv_for_staff  # noqa: E402
from db.queries.patient_detail import PatientDetail, patient_detail  # noqa: E402
from db.queries.pauses import PauseView, pause_for_patient  # noqa: E402
from db.queries.plan_from_here import my_plan_from_here  # noqa: E402
from db.queries.plan_search import PatientMatch, find_my_patients  # noqa: E402
from db.queries.plans import PlanChange, PlanView, plan_for_clinician  # noqa: E402
from db.queries.practice import PracticeView, practice_for_patient  # noqa: E402
from db.queries.progress import GoalRow, ProgressView, progress_for_patient  # noqa: E402
from db.queries.questionnaires import DueQuestionnaire, due_questionnaires  # noqa: E402
from db.queries.reminders import ReminderView, reminder_for_patient  # noqa: E402
from db.queries.rule_settings import (  # noqa: E402
    RulePreview,
    RuleSettingsView,
    preview_rule_settings,
    rule_settings_for_patient,
    rule_settings_for_program,
)
from db.queries.sessions import LiveSession, live_sessions  # noqa: E402
from db.queries.sleep import (  # noqa: E402
    BedtimePlan,
    DiaryNight,
    SleepControls,
    SleepView,
    sleep_for_clinician,
    sleep_for_patient,
)
from db.queries.today import TodayView, today_for_patient  # noqa: E402
from db.queries.users import (  # noqa: E402
    AdminOverview,
    PatientLogin,
    UserAccount,
    admin_overview,
    patient_logins_for_staff,
    user_accounts,
)
from db.queries.visit_summary import my_visit_summary, visit_summary_for_staff  # noqa: E402

__all__ = [
    "PauseView",
    "ReminderView",
    "pause_for_patient",
    "reminder_for_patient",
    "ApprovalRow",
    "ApprovalsView",
    "admin_approvals",
    "unapproved_changes",
    "BedtimePlan",
    "DiaryNight",
    "PracticeView",
    "SleepControls",
    "SleepView",
    "practice_for_patient",
    "sleep_for_clinician",
    "sleep_for_patient",
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
    "EditorOverview",
    "ModuleHistory",
    "module_for_editor",
    "program_modules_for_editor",
    "FlagRow",
    "FollowUpPage",
    "FollowUpPrompts",
    "FollowUpQueue",
    "QueueItem",
    "GoalRow",
    "LearnView",
    "LessonDetail",
    "LessonStatus",
    "LiveSession",
    "OPEN_STATUSES",
    "OnboardingState",
    "OutboxProblem",
    "OutboxStatus",
    "OverdueFlag",
    "P",
    "PANEL_COLUMNS",
    "PanelExport",
    "PatientDetail",
    "RecentPanel",
    "PatientChoice",
    "PatientLogin",
    "PatientMatch",
    "PlanChange",
    "PlanView",
    "find_my_patients",
    "fhir_export_for_staff",
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
    "follow_up_prompts",
    "follow_up_queue",
    "follow_ups_for_patient",
    "lesson_for_patient",
    "lessons_for_patient",
    "live_sessions",
    "onboarding_state",
    "outbox_status",
    "overdue_flags_for_staff",
    "panel_csv_for_staff",
    "panel_for_staff",
    "patient_detail",
    "recent_panel_for_staff",
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
    "my_visit_summary",
    "my_plan_from_here",
    "visit_summary_for_staff",
    "user_accounts",
    "verify_audit_chain",
    "PausedClient",
    "paused_login_clients",
]
