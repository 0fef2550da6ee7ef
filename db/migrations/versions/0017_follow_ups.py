"""follow_ups: requests, visits, outreach attempts, "Not now" answers; a flag's words for the patient

Revision ID: 0017_follow_ups
Revises: 0016_sleep_breathing

``flag.patient_explanation`` holds the rule's words the patient reads in the prompt on Today
(existing flags get none, so they show no prompt until a rule refreshes them). A patient has at
most one request in progress (requested or scheduled): a partial unique index, as for open flags.
Written by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017_follow_ups"
down_revision: str | None = "0016_sleep_breathing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString
ACTIVE = "status IN ('requested', 'scheduled')"


def upgrade() -> None:
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.add_column(sa.Column("patient_explanation", TEXT(length=1000), nullable=True))
    op.create_table(
        "followuprequest",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("flag_id", sa.Integer(), sa.ForeignKey("flag.id"), nullable=True),
        sa.Column("modality", TEXT(length=20), nullable=False),
        sa.Column("windows", sa.JSON(), nullable=False),
        sa.Column("note", TEXT(length=1000), nullable=True),
        sa.Column("status", TEXT(length=20), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.Column("completed_at", UTC(), nullable=True),
        sa.Column("cancelled_at", UTC(), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("cancel_reason", TEXT(length=300), nullable=True),
        sa.CheckConstraint(
            "status IN ('requested', 'scheduled', 'completed', 'cancelled')",
            name="ck_followuprequest_status",
        ),
        sa.CheckConstraint(
            "modality IN ('telehealth', 'in_person')", name="ck_followuprequest_modality"
        ),
        sa.CheckConstraint(
            "status <> 'cancelled' OR "
            "(cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL AND cancel_reason IS NOT NULL)",
            name="ck_followuprequest_cancelled",
        ),
    )
    op.create_index("ix_followuprequest_patient_id", "followuprequest", ["patient_id"])
    op.create_index("ix_followuprequest_flag_id", "followuprequest", ["flag_id"])
    op.create_index(
        "uq_followuprequest_active",
        "followuprequest",
        ["patient_id"],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "request_id",
            sa.Integer(),
            sa.ForeignKey("followuprequest.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("timezone", TEXT(length=64), nullable=False),
        sa.Column("starts_at", UTC(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("modality", TEXT(length=20), nullable=False),
        sa.Column("clinician_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("uid", TEXT(length=80), nullable=False, unique=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("booked_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("booked_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.Column("outcome_note", TEXT(length=2000), nullable=True),
        sa.Column("plan_note", TEXT(length=1000), nullable=True),
        sa.Column("plan_event_id", sa.Integer(), sa.ForeignKey("planevent.id"), nullable=True),
        sa.Column("completed_at", UTC(), nullable=True),
        sa.Column("completed_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.CheckConstraint("modality IN ('telehealth', 'in_person')", name="ck_visit_modality"),
        sa.CheckConstraint("minutes BETWEEN 5 AND 240", name="ck_visit_minutes"),
        sa.CheckConstraint("sequence >= 0", name="ck_visit_sequence"),
    )
    op.create_index("ix_visit_patient_id", "visit", ["patient_id"])
    op.create_table(
        "outreachattempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("followuprequest.id"), nullable=True),
        sa.Column("flag_id", sa.Integer(), sa.ForeignKey("flag.id"), nullable=True),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("method", TEXT(length=20), nullable=False),
        sa.Column("note", TEXT(length=1000), nullable=True),
        sa.Column("by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.CheckConstraint(
            "method IN ('called', 'left_message', 'texted', 'no_answer')",
            name="ck_outreachattempt_method",
        ),
    )
    op.create_index("ix_outreachattempt_patient_id", "outreachattempt", ["patient_id"])
    op.create_index("ix_outreachattempt_request_id", "outreachattempt", ["request_id"])
    op.create_index("ix_outreachattempt_flag_id", "outreachattempt", ["flag_id"])
    op.create_table(
        "notnowanswer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("flag_id", sa.Integer(), sa.ForeignKey("flag.id"), nullable=False),
        sa.Column("rule", TEXT(length=40), nullable=False),
        sa.Column("said_on", sa.Date(), nullable=False),
        sa.Column("returns_on", sa.Date(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.CheckConstraint("returns_on > said_on", name="ck_notnowanswer_returns_on"),
    )
    op.create_index("ix_notnowanswer_patient_id", "notnowanswer", ["patient_id"])
    op.create_index("ix_notnowanswer_flag_id", "notnowanswer", ["flag_id"])


def downgrade() -> None:
    for table, columns in (
        ("notnowanswer", ("flag_id", "patient_id")),
        ("outreachattempt", ("flag_id", "request_id", "patient_id")),
        ("visit", ("patient_id",)),
    ):
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.drop_table(table)
    op.drop_index("uq_followuprequest_active", table_name="followuprequest")
    op.drop_index("ix_followuprequest_flag_id", table_name="followuprequest")
    op.drop_index("ix_followuprequest_patient_id", table_name="followuprequest")
    op.drop_table("followuprequest")
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.drop_column("patient_explanation")
