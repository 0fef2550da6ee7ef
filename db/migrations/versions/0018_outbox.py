"""outbox and job leases: alert e-mails written with their flag, and leases on clock-driven jobs

Revision ID: 0018_outbox
Revises: 0017_follow_ups

``outboxmessage`` holds each e-mail to send (no health details), sent by ``python -m db.outbox``;
``joblease`` holds one row per clock-driven job (rules, outbox, escalation), claimed with an expiry
in database time. Written by hand (autogenerate would also pick up other revisions' tables).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018_outbox"
down_revision: str | None = "0017_follow_ups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "outboxmessage",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", TEXT(length=20), nullable=False),
        sa.Column("recipient", TEXT(length=254), nullable=False),
        sa.Column("recipient_user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("subject", TEXT(length=200), nullable=False),
        sa.Column("body", TEXT(length=2000), nullable=False),
        sa.Column("link_path", TEXT(length=100), nullable=False),
        sa.Column("message_id", TEXT(length=200), nullable=False),
        sa.Column("flag_id", sa.Integer(), sa.ForeignKey("flag.id"), nullable=True),
        sa.Column("status", TEXT(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC(), nullable=False),
        sa.Column("claimed_until", UTC(), nullable=True),
        sa.Column("last_error", TEXT(length=300), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("sent_at", UTC(), nullable=True),
        sa.UniqueConstraint("message_id"),
        sa.CheckConstraint("kind IN ('alert', 'escalation')", name="ck_outboxmessage_kind"),
        sa.CheckConstraint(
            "status IN ('queued', 'sent', 'failed')", name="ck_outboxmessage_status"
        ),
        sa.CheckConstraint("attempts >= 0", name="ck_outboxmessage_attempts"),
    )
    op.create_index("ix_outboxmessage_flag_id", "outboxmessage", ["flag_id"])
    op.create_index("ix_outboxmessage_due", "outboxmessage", ["status", "next_attempt_at"])
    op.create_table(
        "joblease",
        sa.Column("name", TEXT(length=40), primary_key=True),
        sa.Column("holder", TEXT(length=120), nullable=True),
        sa.Column("claimed_at", UTC(), nullable=True),
        sa.Column("expires_at", UTC(), nullable=False),
        sa.Column("finished_at", UTC(), nullable=True),
        sa.CheckConstraint("name IN ('rules', 'outbox', 'escalation')", name="ck_joblease_name"),
    )


def downgrade() -> None:
    op.drop_table("joblease")
    op.drop_index("ix_outboxmessage_due", table_name="outboxmessage")
    op.drop_index("ix_outboxmessage_flag_id", table_name="outboxmessage")
    op.drop_table("outboxmessage")
