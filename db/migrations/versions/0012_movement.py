"""movement: the exercises a patient chose, baseline days, daily movement logs, the flare plan

Revision ID: 0012_movement
Revises: 0011_plan_event_details

Targets are computed, never stored (program/movement_plan.py); a log keeps the target shown that
day. One active choice per (patient, exercise) is a partial unique index, declared for SQLite and
PostgreSQL alike (as the open-flag index of 0007). Written by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_movement"
down_revision: str | None = "0011_plan_event_details"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString
ACTIVE = sa.text("stopped_on IS NULL")
MAX_AMOUNT = 500  # program/movement_plan.py MAX_AMOUNT when this was written


def upgrade() -> None:
    op.create_table(
        "exercisechoice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("exercise", TEXT(length=60), nullable=False),
        sa.Column("chosen_on", sa.Date(), nullable=False),
        sa.Column("stopped_on", sa.Date(), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.CheckConstraint(
            "stopped_on IS NULL OR stopped_on >= chosen_on", name="ck_exercisechoice_stopped_on"
        ),
    )
    op.create_index("ix_exercisechoice_patient_id", "exercisechoice", ["patient_id"])
    op.create_index(
        "uq_exercisechoice_active",
        "exercisechoice",
        ["patient_id", "exercise"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    op.create_table(
        "movementbaselineday",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("choice_id", sa.Integer(), sa.ForeignKey("exercisechoice.id"), nullable=False),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.UniqueConstraint("choice_id", "local_date"),
        sa.CheckConstraint(
            f"amount BETWEEN 1 AND {MAX_AMOUNT}", name="ck_movementbaselineday_amount"
        ),
    )
    op.create_index("ix_movementbaselineday_choice_id", "movementbaselineday", ["choice_id"])
    op.create_index("ix_movementbaselineday_patient_id", "movementbaselineday", ["patient_id"])
    op.create_table(
        "movementlog",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("choice_id", sa.Integer(), sa.ForeignKey("exercisechoice.id"), nullable=False),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("exercise", TEXT(length=60), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("result", TEXT(length=20), nullable=False),
        sa.Column("felt", TEXT(length=20), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.UniqueConstraint("choice_id", "local_date"),
        sa.CheckConstraint(f"amount BETWEEN 0 AND {MAX_AMOUNT}", name="ck_movementlog_amount"),
        sa.CheckConstraint(f"target BETWEEN 1 AND {MAX_AMOUNT}", name="ck_movementlog_target"),
        sa.CheckConstraint(
            "result IN ('as_planned', 'less', 'more')", name="ck_movementlog_result"
        ),
        sa.CheckConstraint("felt IN ('easy', 'ok', 'hard')", name="ck_movementlog_felt"),
    )
    op.create_index("ix_movementlog_choice_id", "movementlog", ["choice_id"])
    op.create_index("ix_movementlog_patient_id", "movementlog", ["patient_id"])
    op.create_table(
        "flareplan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("helps", TEXT(length=1000), nullable=False),
        sa.Column("tell", TEXT(length=1000), nullable=False),
        sa.Column("scale_down", TEXT(length=1000), nullable=False),
        sa.Column("build_up", TEXT(length=1000), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.UniqueConstraint("patient_id", "version"),
        sa.CheckConstraint("version >= 1", name="ck_flareplan_version"),
    )
    op.create_index("ix_flareplan_patient_id", "flareplan", ["patient_id"])


def downgrade() -> None:
    op.drop_index("ix_flareplan_patient_id", table_name="flareplan")
    op.drop_table("flareplan")
    op.drop_index("ix_movementlog_patient_id", table_name="movementlog")
    op.drop_index("ix_movementlog_choice_id", table_name="movementlog")
    op.drop_table("movementlog")
    op.drop_index("ix_movementbaselineday_patient_id", table_name="movementbaselineday")
    op.drop_index("ix_movementbaselineday_choice_id", table_name="movementbaselineday")
    op.drop_table("movementbaselineday")
    op.drop_index("uq_exercisechoice_active", table_name="exercisechoice")
    op.drop_index("ix_exercisechoice_patient_id", table_name="exercisechoice")
    op.drop_table("exercisechoice")
