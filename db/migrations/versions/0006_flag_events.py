"""flag events: the append-only history of each flag episode (opened, reopened, acknowledged ...)

Revision ID: 0006_flag_events
Revises: 0005

Written by hand (autogenerate would also pick up tables that belong to other revisions).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_flag_events"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "flagevent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("flag_id", sa.Integer(), sa.ForeignKey("flag.id"), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("kind", TEXT(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("note", TEXT(length=2000), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
    )
    op.create_index("ix_flagevent_flag_id", "flagevent", ["flag_id"])


def downgrade() -> None:
    op.drop_index("ix_flagevent_flag_id", table_name="flagevent")
    op.drop_table("flagevent")
