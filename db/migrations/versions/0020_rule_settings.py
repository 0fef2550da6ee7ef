"""rule_settings: versions of the follow-up rules' numbers per program and per patient

Revision ID: 0020_rule_settings
Revises: 0019_panel

Append-only: a row per saved version, with who, when and why. One version number per scope is a
partial unique index per scope (declared for SQLite and PostgreSQL alike, as the open-flag index
of 0007). The CHECKs keep the scope and its target together and refuse an empty reason. Written
by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020_rule_settings"
down_revision: str | None = "0019_panel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString
PROGRAM_SCOPE = sa.text("patient_id IS NULL")
PATIENT_SCOPE = sa.text("patient_id IS NOT NULL")
TARGET = (
    "(scope = 'program' AND program_id IS NOT NULL AND patient_id IS NULL) OR "
    "(scope = 'patient' AND patient_id IS NOT NULL AND program_id IS NULL)"
)


def upgrade() -> None:
    op.create_table(
        "rulesetting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope", TEXT(length=10), nullable=False),
        sa.Column("program_id", sa.Integer(), sa.ForeignKey("program.id"), nullable=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("reason", TEXT(length=1000), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.CheckConstraint("scope IN ('program', 'patient')", name="ck_rulesetting_scope"),
        sa.CheckConstraint(TARGET, name="ck_rulesetting_target"),
        sa.CheckConstraint("version >= 1", name="ck_rulesetting_version"),
        sa.CheckConstraint("length(trim(reason)) > 0", name="ck_rulesetting_reason"),
    )
    op.create_index("ix_rulesetting_program_id", "rulesetting", ["program_id"])
    op.create_index("ix_rulesetting_patient_id", "rulesetting", ["patient_id"])
    op.create_index(
        "uq_rulesetting_program_version",
        "rulesetting",
        ["program_id", "version"],
        unique=True,
        sqlite_where=PROGRAM_SCOPE,
        postgresql_where=PROGRAM_SCOPE,
    )
    op.create_index(
        "uq_rulesetting_patient_version",
        "rulesetting",
        ["patient_id", "version"],
        unique=True,
        sqlite_where=PATIENT_SCOPE,
        postgresql_where=PATIENT_SCOPE,
    )


def downgrade() -> None:
    op.drop_index("uq_rulesetting_patient_version", table_name="rulesetting")
    op.drop_index("uq_rulesetting_program_version", table_name="rulesetting")
    op.drop_index("ix_rulesetting_patient_id", table_name="rulesetting")
    op.drop_index("ix_rulesetting_program_id", table_name="rulesetting")
    op.drop_table("rulesetting")
