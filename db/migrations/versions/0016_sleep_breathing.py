"""sleep_breathing: the sleep diary (one entry per night) and breathing/mindfulness practice

Revision ID: 0016_sleep_breathing
Revises: 0015_admin_approval

Two new tables with their CHECK constraints written out as literals (as 0007 does), so that the
schema stays what this revision says even if the models' limits change later. Bedtime-scheduling
windows are not stored: program.sleep_schedule computes them from the diary and the plan events.
Written by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016_sleep_breathing"
down_revision: str | None = "0015_admin_approval"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "sleepdiaryentry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("into_bed", sa.Time(), nullable=False),
        sa.Column("minutes_to_sleep", sa.Integer(), nullable=False),
        sa.Column("awakenings", sa.Integer(), nullable=False),
        sa.Column("minutes_awake", sa.Integer(), nullable=False),
        sa.Column("final_wake", sa.Time(), nullable=False),
        sa.Column("out_of_bed", sa.Time(), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.Column("time_in_bed", sa.Integer(), nullable=False),
        sa.Column("total_sleep", sa.Integer(), nullable=False),
        sa.Column("efficiency", sa.Float(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.UniqueConstraint("patient_id", "night"),
        sa.CheckConstraint(
            "minutes_to_sleep BETWEEN 0 AND 1200", name="ck_sleepdiaryentry_minutes_to_sleep"
        ),
        sa.CheckConstraint("awakenings BETWEEN 0 AND 50", name="ck_sleepdiaryentry_awakenings"),
        sa.CheckConstraint(
            "minutes_awake BETWEEN 0 AND 1200", name="ck_sleepdiaryentry_minutes_awake"
        ),
        sa.CheckConstraint("quality BETWEEN 1 AND 5", name="ck_sleepdiaryentry_quality"),
        sa.CheckConstraint("time_in_bed BETWEEN 1 AND 1200", name="ck_sleepdiaryentry_time_in_bed"),
        sa.CheckConstraint("total_sleep BETWEEN 0 AND 1200", name="ck_sleepdiaryentry_total_sleep"),
        sa.CheckConstraint("efficiency BETWEEN 0 AND 100", name="ck_sleepdiaryentry_efficiency"),
        sa.CheckConstraint("total_sleep <= time_in_bed", name="ck_sleepdiaryentry_asleep_in_bed"),
    )
    op.create_index("ix_sleepdiaryentry_patient_id", "sleepdiaryentry", ["patient_id"])
    op.create_table(
        "practicesession",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("kind", TEXT(length=20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("breaths_per_minute", sa.Integer(), nullable=True),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('breathing', 'body_scan', 'noticing')", name="ck_practicesession_kind"
        ),
        sa.CheckConstraint("minutes BETWEEN 1 AND 60", name="ck_practicesession_minutes"),
        sa.CheckConstraint(
            "breaths_per_minute BETWEEN 1 AND 30", name="ck_practicesession_breaths_per_minute"
        ),
        sa.CheckConstraint(
            "(kind = 'breathing') = (breaths_per_minute IS NOT NULL)",
            name="ck_practicesession_pace",
        ),
    )
    op.create_index("ix_practicesession_patient_id", "practicesession", ["patient_id"])


def downgrade() -> None:
    op.drop_index("ix_practicesession_patient_id", table_name="practicesession")
    op.drop_table("practicesession")
    op.drop_index("ix_sleepdiaryentry_patient_id", table_name="sleepdiaryentry")
    op.drop_table("sleepdiaryentry")
