"""The app's page table: which screens exist, their url paths, and who may open each.

Kept apart from app.py so that tests and tools can read it without running the app: importing
app.py runs the whole script outside a Streamlit session.
"""

from __future__ import annotations

from program.vocabulary import CARE_ROLES, Role

# (file, url path, title, icon, roles that may open it); the first allowed page is the role's home.
# Screens sit in subfolders of pages/, which Streamlit's old multipage mode does not scan, so no url
# path can run a screen without this gate (tests/browser/test_deep_links.py). The url paths are the
# ones users already have in bookmarks and history; keep them stable.
PATIENT, STAFF, EVERYONE = (
    frozenset({Role.PATIENT}),
    frozenset(CARE_ROLES),
    frozenset(Role),
)
CLINICIAN, COORDINATOR, ADMIN = (
    frozenset({Role.CLINICIAN}),
    frozenset({Role.COORDINATOR}),
    frozenset({Role.ADMIN}),
)
# Reached from Today (its prompt, its cards, its links) and from Get help, not from the menu.
LINKED_FROM_TODAY = frozenset(
    {"welcome", "questions", "flare-plan", "pause", "reminders", "follow-up"}
)
# Reached from the panel or a flag (with ?patient=<id>), not from the menu.
LINKED_FROM_PANEL = frozenset({"patient"})
NOT_IN_MENU = LINKED_FROM_TODAY | LINKED_FROM_PANEL
PAGES: tuple[tuple[str, str, str, str, frozenset[str]], ...] = (
    ("pages/patient/today.py", "today", "Today", ":material/today:", PATIENT),
    ("pages/patient/learn.py", "learn", "Learn", ":material/school:", PATIENT),
    ("pages/patient/move.py", "move", "Move", ":material/directions_walk:", PATIENT),
    ("pages/patient/sleep.py", "sleep", "Sleep", ":material/bedtime:", PATIENT),
    ("pages/patient/breathe.py", "breathe", "Breathe", ":material/air:", PATIENT),
    ("pages/patient/progress.py", "progress", "Progress", ":material/insights:", PATIENT),
    ("pages/patient/onboarding.py", "welcome", "Getting started", ":material/flag:", PATIENT),
    ("pages/patient/questionnaire.py", "questions", "Questions", ":material/checklist:", PATIENT),
    ("pages/patient/help.py", "help", "Get help", ":material/sos:", PATIENT),
    ("pages/patient/flare_plan.py", "flare-plan", "My flare plan", ":material/healing:", PATIENT),
    ("pages/patient/pause.py", "pause", "Pause my program", ":material/pause_circle:", PATIENT),
    ("pages/patient/reminders.py", "reminders", "A reminder each day", ":material/alarm:", PATIENT),
    ("pages/patient/follow_up.py", "follow-up", "Follow-up", ":material/event:", PATIENT),
    ("pages/care/panel.py", "panel", "Panel", ":material/groups:", STAFF),
    ("pages/care/flags.py", "flags", "Flags", ":material/flag:", STAFF),
    (
        "pages/care/follow_up_queue.py",
        "follow-ups",
        "Follow-ups",
        ":material/event_available:",
        STAFF,
    ),
    ("pages/care/patient.py", "patient", "Patient", ":material/person:", STAFF),
    ("pages/care/plan.py", "plan", "Patient plan", ":material/stethoscope:", CLINICIAN),
    ("pages/care/modules.py", "modules", "Program editor", ":material/edit_note:", CLINICIAN),
    ("pages/care/rules.py", "rules", "Rules", ":material/tune:", CLINICIAN),
    ("pages/admin/users.py", "users", "Users", ":material/manage_accounts:", ADMIN),
    (
        "pages/care/patient_logins.py",
        "patient-logins",
        "Patient logins",
        ":material/key:",
        COORDINATOR,
    ),
    ("pages/admin/sessions.py", "sessions", "Sessions", ":material/devices:", ADMIN),
    ("pages/admin/approvals.py", "approvals", "Approvals", ":material/approval:", ADMIN),
    ("pages/admin/audit.py", "audit-log", "Audit log", ":material/policy:", ADMIN),
    ("pages/admin/clinic.py", "clinic-settings", "Clinic", ":material/local_hospital:", ADMIN),
    ("pages/admin/outbox.py", "outbox", "Mail", ":material/outgoing_mail:", ADMIN),
    ("pages/shell/account.py", "my-account", "Account", ":material/person:", EVERYONE),
)
ACCOUNT_PAGE = "pages/shell/account.py"


def may_open(roles: frozenset[str], path: str) -> bool:
    """Whether a user with ``roles`` has the screen ``path`` in their navigation (for links
    between screens; the screen's own query still checks the record)."""
    return any(p == path and need & roles for p, *_, need in PAGES)
