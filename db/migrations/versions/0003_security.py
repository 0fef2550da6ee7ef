"""security: password reset tokens; the audit chain head exists from the start

Revision ID: 0003
Revises: 0002

Written by hand (autogenerate would also pick up tables that belong to other revisions).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString
GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "passwordresettoken",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("token_sha256", TEXT(length=64), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("expires_at", UTC(), nullable=False),
        sa.Column("used_at", UTC(), nullable=True),
        sa.UniqueConstraint("token_sha256"),
    )
    op.create_index("ix_passwordresettoken_user_id", "passwordresettoken", ["user_id"])
    # Audit writers lock this row (SELECT ... FOR UPDATE on PostgreSQL). Creating it here means the
    # very first two writers cannot both insert it; a database that already has it keeps its row.
    op.execute(
        sa.text(
            "INSERT INTO auditchainhead (id, last_hash, count) "
            "SELECT 1, :genesis, 0 WHERE NOT EXISTS (SELECT 1 FROM auditchainhead)"
        ).bindparams(genesis=GENESIS)
    )


def downgrade() -> None:
    op.drop_index("ix_passwordresettoken_user_id", table_name="passwordresettoken")
    op.drop_table("passwordresettoken")
