"""Every user action: keyword-only, one transaction, permission check and audit row inside.

Pages call exactly one of these per action. Bad input raises ``InvalidInput`` with a message a
user can read; a refused action raises ``AccessDenied``/``NotFound`` after the refusal was audited.
One registry (ACTIONS, filled by ``action``); the actions live in one module per capability and
are re-exported here, so pages and tests import them from ``db.actions``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from db.guard import guarded

P = ParamSpec("P")
R = TypeVar("R")


class InvalidInput(ValueError):
    """Input a user can correct; the message says how."""


ACTIONS: dict[str, Callable[..., object]] = {}

from db.actions.arguments import checked  # noqa: E402  (needs InvalidInput above)


def action(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a user action behind POLICY[name] (db.guard); refusals are audited."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        # Who may (db.guard), then whether the arguments have the right shape (arguments.py).
        run = guarded(name, checked(fn))
        ACTIONS[name] = run
        return run

    return wrap


# Every capability module registers its functions on import (after the registry above exists).
from db.actions.admin_approval import (  # noqa: E402
    Approved,
    approve_admin_request,
    refuse_admin_request,
    review_unapproved_changes,
    withdraw_admin_request,
)
from db.actions.audit import VIEW_NAME_RE, record_view  # noqa: E402
from db.actions.check_ins import CheckInResult, record_check_in, save_check_in_draft  # noqa: E402
from db.actions.clinic import save_clinic, update_clinic  # noqa: E402
from db.actions.flags import (  # noqa: E402
    acknowledge_flag,
    open_or_update_flag,
    record_risk_assessment,
    resolve_flag,
)
from db.actions.follow_ups import answer_not_now, cancel_follow_up, request_follow_up  # noqa: E402
from db.actions.goals import GOAL_CHANGES, edit_goal  # noqa: E402
from db.actions.lessons import LessonDone, complete_module  # noqa: E402
from db.actions.login_throttle import unlock_login_client  # noqa: E402
from db.actions.modules import (  # noqa: E402
    discard_module_draft,
    publish_module_version,
    save_module_draft,
)
from db.actions.movement import (  # noqa: E402
    choose_exercises,
    log_movement,
    record_baseline_day,
    save_flare_plan,
)
from db.actions.onboarding import give_consent, save_goals  # noqa: E402
from db.actions.outbox import retry_outbox  # noqa: E402
from db.actions.passwords import SAME_PASSWORD, change_password, issue_temporary_password  # noqa: E402
from db.actions.pauses import pause_my_program, resume_my_program  # noqa: E402
from db.actions.plans import change_plan  # noqa: E402
from db.actions.practice import record_practice  # noqa: E402
from db.actions.questionnaires import SubmitResult, save_questionnaire_draft, submit_questionnaire  # noqa: E402
from db.actions.reminders import set_my_reminder  # noqa: E402
from db.actions.rule_settings import change_rule_settings  # noqa: E402
from db.actions.sessions import end_login_session, end_user_sessions  # noqa: E402
from db.actions.sleep import DiaryResult, save_sleep_diary  # noqa: E402
from db.actions.users import (  # noqa: E402
    PATIENT_AND_STAFF,
    ROLE_CHOICES,
    USERNAME_RE,
    create_user,
    enrol_patient,
    link_patient_login,
    register_patient,
    set_user_active,
    unlock_account,
)
from db.actions.visits import book_visit, complete_visit, record_outreach  # noqa: E402
from db.actions.warning_sign_reports import WarningSignReportResult, report_warning_signs  # noqa: E402

__all__ = [
    "pause_my_program",
    "resume_my_program",
    "set_my_reminder",
    "Approved",
    "approve_admin_request",
    "refuse_admin_request",
    "review_unapproved_changes",
    "withdraw_admin_request",
    "change_rule_settings",
    "WarningSignReportResult",
    "report_warning_signs",
    "save_clinic",
    "update_clinic",
    "ACTIONS",
    "GOAL_CHANGES",
    "PATIENT_AND_STAFF",
    "ROLE_CHOICES",
    "edit_goal",
    "discard_module_draft",
    "publish_module_version",
    "save_module_draft",
    "link_patient_login",
    "CheckInResult",
    "DiaryResult",
    "InvalidInput",
    "LessonDone",
    "P",
    "R",
    "SAME_PASSWORD",
    "SubmitResult",
    "USERNAME_RE",
    "VIEW_NAME_RE",
    "acknowledge_flag",
    "action",
    "answer_not_now",
    "book_visit",
    "cancel_follow_up",
    "complete_visit",
    "record_outreach",
    "request_follow_up",
    "change_password",
    "change_plan",
    "choose_exercises",
    "complete_module",
    "create_user",
    "end_login_session",
    "end_user_sessions",
    "enrol_patient",
    "give_consent",
    "issue_temporary_password",
    "log_movement",
    "open_or_update_flag",
    "record_baseline_day",
    "record_check_in",
    "record_practice",
    "record_risk_assessment",
    "record_view",
    "register_patient",
    "resolve_flag",
    "retry_outbox",
    "save_check_in_draft",
    "save_flare_plan",
    "save_goals",
    "save_questionnaire_draft",
    "save_sleep_diary",
    "set_user_active",
    "submit_questionnaire",
    "unlock_account",
    "unlock_login_client",
]
