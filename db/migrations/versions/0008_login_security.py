"""login security: a random session id in the cookie (stored hashed), and lockouts that grow

Revision ID: 0008_login_security
Revises: 0007_constraints

The cookie used to carry only (username, expiry) and ``loginsession.cookie_key`` held that expiry;
it now carries a random session id whose SHA-256 is ``loginsession.sid_sha256``. Old cookies can no
longer be read, so every live session is ended ("revoked") and the old keys are overwritten with
random values that no cookie can hash to. ``user.lockouts`` counts the lockouts in a row since the
last good login: each one lasts twice as long as the one before. Written by hand.
"""

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008_login_security"
down_revision: str | None = "0007_constraints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _scramble(reason: str) -> None:
    conn = op.get_bind()
    now = datetime.now(UTC)
    conn.execute(
        sa.text(
            "UPDATE loginsession SET revoked_at = :now, revoked_reason = :reason"
            " WHERE revoked_at IS NULL"
        ),
        {"now": now, "reason": reason},
    )
    ids = [row[0] for row in conn.execute(sa.text("SELECT id FROM loginsession"))]
    for row_id in ids:
        conn.execute(
            sa.text("UPDATE loginsession SET cookie_key = :value WHERE id = :id"),
            {"value": secrets.token_hex(32), "id": row_id},
        )


def upgrade() -> None:
    _scramble("revoked")
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.alter_column("cookie_key", new_column_name="sid_sha256")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lockouts", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("lockouts")
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.alter_column("sid_sha256", new_column_name="cookie_key")
    _scramble("revoked")
