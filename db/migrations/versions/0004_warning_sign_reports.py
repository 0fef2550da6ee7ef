"""warning-sign reports: ticked signs sent on their own, in the same transaction as their flag

Revision ID: 0004
Revises: 0003

Written by hand (autogenerate would also pick up tables that belong to other revisions).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "warningsignreport",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("signs", sa.JSON(), nullable=False),
        sa.Column("tier", TEXT(length=20), nullable=False),
        sa.Column("flag_id", sa.Integer(), sa.ForeignKey("flag.id"), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
    )
    op.create_index("ix_warningsignreport_patient_id", "warningsignreport", ["patient_id"])
    op.create_index("ix_warningsignreport_flag_id", "warningsignreport", ["flag_id"])


def downgrade() -> None:
    op.drop_index("ix_warningsignreport_flag_id", table_name="warningsignreport")
    op.drop_index("ix_warningsignreport_patient_id", table_name="warningsignreport")
    op.drop_table("warningsignreport")
