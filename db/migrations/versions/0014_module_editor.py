"""module_editor: a clinician edits, publishes or sets aside module versions, from a chosen date

Revision ID: 0014_module_editor
Revises: 0013_reminders

``moduleversion.effective_from`` becomes the first *local date* on which patients get a published
version (None: from the start). It was a UTC instant that nothing read; existing rows get None, so
every version patients have today stays theirs. New: ``week`` (the week a version places its
module in; None: the module's own), ``change_note``, ``created_by`` (None: shipped) and
``published_at`` (existing published rows: their ``created_at``); the body is bounded (20,000
characters, the shipped lessons use about 2,000). A draft can now be set aside
(status ``discarded``); CHECKs on the status, the source, the minutes and the week.

Written by hand; the vocabularies are literals on purpose (see 0007).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014_module_editor"
down_revision: str | None = "0013_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString
OLD_STATUS = "status IN ('draft', 'published')"
NEW_CHECKS = (
    ("ck_moduleversion_source", "source IN ('shipped', 'clinician')"),
    ("ck_moduleversion_minutes", "minutes BETWEEN 1 AND 60"),
    ("ck_moduleversion_week", "week BETWEEN 1 AND 52"),
)


def upgrade() -> None:
    with op.batch_alter_table("moduleversion", schema=None) as batch:
        batch.alter_column("body", existing_type=TEXT(), type_=TEXT(length=20_000))
        batch.drop_column("effective_from")
        batch.add_column(sa.Column("effective_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("week", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("change_note", TEXT(length=300), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("created_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("published_at", UTC(), nullable=True))
        batch.create_foreign_key("fk_moduleversion_created_by_user", "user", ["created_by"], ["id"])
        batch.drop_constraint("ck_moduleversion_status", type_="check")
        batch.create_check_constraint(
            "ck_moduleversion_status", "status IN ('draft', 'published', 'discarded')"
        )
        for name, condition in NEW_CHECKS:
            batch.create_check_constraint(name, condition)
    op.execute("UPDATE moduleversion SET published_at = created_at WHERE status = 'published'")


def downgrade() -> None:
    op.execute("DELETE FROM moduleversion WHERE status = 'discarded'")
    with op.batch_alter_table("moduleversion", schema=None) as batch:
        for name, _ in NEW_CHECKS:
            batch.drop_constraint(name, type_="check")
        batch.drop_constraint("ck_moduleversion_status", type_="check")
        batch.create_check_constraint("ck_moduleversion_status", OLD_STATUS)
        batch.drop_constraint("fk_moduleversion_created_by_user", type_="foreignkey")
        batch.drop_column("published_at")
        batch.drop_column("created_by")
        batch.drop_column("change_note")
        batch.drop_column("week")
        batch.drop_column("effective_from")
        batch.add_column(sa.Column("effective_from", UTC(), nullable=True))
        batch.alter_column("body", existing_type=TEXT(length=20_000), type_=TEXT())
    op.execute("UPDATE moduleversion SET effective_from = created_at")
    with op.batch_alter_table("moduleversion", schema=None) as batch:
        batch.alter_column("effective_from", existing_type=UTC(), nullable=False)
