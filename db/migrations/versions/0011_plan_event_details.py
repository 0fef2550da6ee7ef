"""plan_event_details: what a plan change sets (movement level, sleep rule-outs) and a pause's end

Revision ID: 0011_plan_event_details
Revises: 0010_checkin_draft

``planevent.details`` holds what a change sets, checked per kind by ``program.plan_changes``;
existing events get ``{}``. ``planevent.until_date`` is a pause's planned last day. The new kinds
(movement_level, movement_step, sleep_scheduling_on/off) need no schema change: ``kind`` is text
checked by the action. Written by hand.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_plan_event_details"
down_revision: str | None = "0010_checkin_draft"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("planevent", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("details", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(sa.Column("until_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("planevent", schema=None) as batch_op:
        batch_op.drop_column("until_date")
        batch_op.drop_column("details")
