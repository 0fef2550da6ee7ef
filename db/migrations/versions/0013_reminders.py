"""reminders: the time of day a patient chose for their calendar reminder, and its stable id

Revision ID: 0013_reminders
Revises: 0012_movement

One row per patient (``dailyreminder``): a random token that becomes the downloaded ``.ics``'s UID
(so a second download is the same reminder, and the UID says nothing about the patient) and the
chosen local time as minutes after midnight. Written by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_reminders"
down_revision: str | None = "0012_movement"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "dailyreminder",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patient.id"), nullable=False),
        sa.Column("uid_token", sa.String(length=32), nullable=False),
        sa.Column("minute_of_day", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=False),
        sa.UniqueConstraint("patient_id"),
        sa.UniqueConstraint("uid_token"),
        sa.CheckConstraint(
            "minute_of_day BETWEEN 0 AND 1439", name="ck_dailyreminder_minute_of_day"
        ),
    )


def downgrade() -> None:
    op.drop_table("dailyreminder")
