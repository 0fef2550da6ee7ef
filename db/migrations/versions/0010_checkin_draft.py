"""checkin_draft: today's check-in answers so far, kept while the patient answers

Revision ID: 0010_checkin_draft
Revises: 0009_audit_key

Written by hand (autogenerate would also pick up tables that belong to other revisions).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_checkin_draft"
down_revision: str | None = "0009_audit_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "checkindraft",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.UniqueConstraint("patient_id", "local_date"),
    )
    op.create_index("ix_checkindraft_patient_id", "checkindraft", ["patient_id"])


def downgrade() -> None:
    op.drop_index("ix_checkindraft_patient_id", table_name="checkindraft")
    op.drop_table("checkindraft")
