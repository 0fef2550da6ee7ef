"""panel summary: one row per patient the panel reads instead of their whole history

Revision ID: 0021_panel_summary
Revises: 0020_rule_settings

``patientsummary`` (db/models/panel_summary.py): the last check-in's date, the pain of the 32
days ending on it, the PEG at the program's two ends, and which questionnaires were answered for
each of the last 8 program weeks answered. Kept current in the same transaction as
every write of a check-in or a questionnaire (db/panel_summary.py); the values that depend on the day are
worked out when the panel is read. The backfill writes every patient's row from their own rows,
with the one function the app uses (imported on purpose, as 0009 imports the audit seal: two
copies of the rule could disagree). Written by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021_panel_summary"
down_revision: str | None = "0020_rule_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "patientsummary",
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), primary_key=True),
        sa.Column("last_check_in", sa.Date(), nullable=True),
        sa.Column("recent_pain", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("peg_baseline", sa.Float(), nullable=True),
        sa.Column("peg_baseline_week", sa.Integer(), nullable=True),
        sa.Column("peg_latest", sa.Float(), nullable=True),
        sa.Column("peg_latest_week", sa.Integer(), nullable=True),
        sa.Column("answered_week", sa.Integer(), nullable=True),
        sa.Column("answered", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.CheckConstraint("length(recent_pain) = 32", name="ck_patientsummary_recent_pain"),
        sa.CheckConstraint("length(answered) = 8", name="ck_patientsummary_answered"),
        sa.CheckConstraint("answered_week >= 0", name="ck_patientsummary_answered_week"),
        sa.CheckConstraint("peg_baseline_week >= 0", name="ck_patientsummary_peg_baseline_week"),
        sa.CheckConstraint("peg_latest_week >= 0", name="ck_patientsummary_peg_latest_week"),
    )
    from db.panel_summary import refresh_summaries

    refresh_summaries(op.get_bind())


def downgrade() -> None:
    op.drop_table("patientsummary")
