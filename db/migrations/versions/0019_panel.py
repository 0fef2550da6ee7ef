"""panel: indexes for the coordinator's panel at 10,000 patients

Revision ID: 0019_panel
Revises: 0018_outbox

The panel (db/queries/panel_sql.py) reads the last three weeks of everyone's check-ins,
questionnaires and lessons in one range read each (indexes led by the date), and for each patient
the baseline week's check-ins and the first weekly PEG in one short index read. Each index holds
the columns read (pain, the PEG total), so the tables are not touched. Written by hand.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019_panel"
down_revision: str | None = "0018_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_checkin_day", "checkin", ["local_date", "patient_id", "pain"]),
    ("ix_checkin_patient_day_pain", "checkin", ["patient_id", "local_date", "pain"]),
    (
        "ix_questionnaireresponse_weekly",
        "questionnaireresponse",
        ["patient_id", "instrument", "program_week", "taken_at", "total"],
    ),
    (
        "ix_questionnaireresponse_day",
        "questionnaireresponse",
        ["local_date", "patient_id", "instrument", "program_week", "taken_at", "total"],
    ),
    (
        "ix_modulecompletion_patient_day",
        "modulecompletion",
        ["patient_id", "local_date", "module_version_id"],
    ),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
