"""patient program: consent, goals, questionnaires, drafts, module completions, week-1 start

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("enrolment") as batch:
        batch.add_column(sa.Column("week1_start", sa.Date(), nullable=True))
    # Enrolments that existed before onboarding did are treated as past their baseline.
    op.execute("UPDATE enrolment SET week1_start = start_date")

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("version", TEXT(length=20), nullable=False),
        sa.Column("text_hash", TEXT(length=64), nullable=False),
        sa.Column("accepted_at", UTC(), nullable=False),
    )
    op.create_index("ix_consent_patient_id", "consent", ["patient_id"])
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("text", TEXT(length=300), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("achieved_at", UTC(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_goal_patient_id", "goal", ["patient_id"])
    op.create_table(
        "questionnaireresponse",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("instrument", TEXT(length=10), nullable=False),
        sa.Column("version", TEXT(length=10), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("band", TEXT(length=30), nullable=True),
        sa.Column("positive", sa.Boolean(), nullable=True),
        sa.Column("program_week", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("taken_at", UTC(), nullable=False),
    )
    op.create_index("ix_questionnaireresponse_patient_id", "questionnaireresponse", ["patient_id"])
    op.create_index("ix_questionnaireresponse_instrument", "questionnaireresponse", ["instrument"])
    op.create_table(
        "questionnairedraft",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("instrument", TEXT(length=10), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.UniqueConstraint("patient_id", "instrument"),
    )
    op.create_index("ix_questionnairedraft_patient_id", "questionnairedraft", ["patient_id"])
    op.create_table(
        "modulecompletion",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column(
            "module_version_id", sa.Integer(), sa.ForeignKey("moduleversion.id"), nullable=False
        ),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("completed_at", UTC(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("check_answers", sa.JSON(), nullable=True),
        sa.Column("check_correct", sa.Integer(), nullable=True),
        sa.Column("check_total", sa.Integer(), nullable=True),
    )
    op.create_index("ix_modulecompletion_patient_id", "modulecompletion", ["patient_id"])
    op.create_index(
        "ix_modulecompletion_module_version_id", "modulecompletion", ["module_version_id"]
    )


def downgrade() -> None:
    for table in (
        "modulecompletion",
        "questionnairedraft",
        "questionnaireresponse",
        "goal",
        "consent",
    ):
        op.drop_table(table)
    with op.batch_alter_table("enrolment") as batch:
        batch.drop_column("week1_start")
