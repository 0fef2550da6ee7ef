"""admin approval: a second admin for changes that reach clinical data; temporary-password
sessions marked in the audit trail; failed logins per (client, account)

Revision ID: 0015_admin_approval
Revises: 0014_module_editor

- ``adminapproval``: a staff login or an admin-issued temporary password waiting for (or applied
  without) a second admin's approval.
- ``loginsession.began_with_temporary_password`` and ``auditevent.temporary_password_session``:
  the rows written in a session that began with a temporary password say so. Existing rows get
  false and keep their seal: the mark is part of a row's seal only when set (db/audit.py).
- ``loginthrottle``: failed logins per (client address, account) behind a trusted proxy.

Written by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015_admin_approval"
down_revision: str | None = "0014_module_editor"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString
KINDS = "'staff_login', 'temporary_password'"
STATUSES = "'pending', 'approved', 'refused', 'withdrawn', 'expired', 'applied_alone'"


def upgrade() -> None:
    op.create_table(
        "adminapproval",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", TEXT(length=30), nullable=False),
        sa.Column("target_user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("target_username", TEXT(length=64), nullable=False),
        sa.Column("change", sa.JSON(), nullable=False),
        sa.Column("summary", TEXT(length=300), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("requested_at", UTC(), nullable=False),
        sa.Column("expires_at", UTC(), nullable=False),
        sa.Column("status", TEXT(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("decided_at", UTC(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("reviewed_at", UTC(), nullable=True),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="ck_adminapproval_kind"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_adminapproval_status"),
    )
    op.create_index("ix_adminapproval_target_user_id", "adminapproval", ["target_user_id"])
    op.create_index("ix_adminapproval_status", "adminapproval", ["status"])
    op.create_table(
        "loginthrottle",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("client", TEXT(length=64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTC(), nullable=True),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.UniqueConstraint("user_id", "client"),
    )
    op.create_index("ix_loginthrottle_user_id", "loginthrottle", ["user_id"])
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "began_with_temporary_password",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "temporary_password_session",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    marked = op.get_bind().execute(
        sa.text("SELECT count(*) FROM auditevent WHERE temporary_password_session")
    )
    if marked.scalar_one():
        # Their seal covers the mark: without the column they would fail verification.
        raise RuntimeError("audit rows marked as temporary-password sessions exist; keep 0012")
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_column("temporary_password_session")
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.drop_column("began_with_temporary_password")
    op.drop_index("ix_loginthrottle_user_id", table_name="loginthrottle")
    op.drop_table("loginthrottle")
    op.drop_index("ix_adminapproval_status", table_name="adminapproval")
    op.drop_index("ix_adminapproval_target_user_id", table_name="adminapproval")
    op.drop_table("adminapproval")
