"""clinic: the one-row contact card patients see (phone, after-hours line, opening hours)

Revision ID: 0005
Revises: 0004

Written by hand (autogenerate would also pick up tables that belong to other revisions).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "clinic",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", TEXT(length=120), nullable=False),
        sa.Column("phone", TEXT(length=40), nullable=False),
        sa.Column("after_hours_phone", TEXT(length=40), nullable=True),
        sa.Column("after_hours_label", TEXT(length=80), nullable=False),
        sa.Column("timezone", TEXT(length=64), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("email", TEXT(length=254), nullable=True),
        sa.Column("address", TEXT(length=300), nullable=True),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("clinic")
