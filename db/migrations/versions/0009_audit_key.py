"""audit key: the chain is sealed with HMAC-SHA256 under a key the database does not hold

Revision ID: 0009_audit_key
Revises: 0008_login_security

Adds auditevent.key_id (which key sealed the row; NULL for the rows before this migration) and
appends one "keyed from here" row sealed with the current AUDIT_KEY. Existing rows are never
rehashed: they keep verifying with the plain SHA-256 digest they were written with, and no unkeyed
row may follow a keyed one (db/audit.py). Downgrade drops the column and the rows sealed with a
key would then fail the old check, so it refuses when there are any besides the marker.

Written by hand. The sealing function is imported from db.audit on purpose: it is the one
definition of a row's MAC, and changing it would break every existing chain anyway.
"""

from collections.abc import Sequence
from datetime import UTC as UTC_TZ
from datetime import datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core.audit_keys import audit_keys
from db.audit import GENESIS, KEYED_FROM_HERE, _parts, seal

revision: str = "0009_audit_key"
down_revision: str | None = "0008_login_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString

auditevent = sa.table(
    "auditevent",
    sa.column("id", sa.Integer()),
    sa.column("at", UTC()),
    sa.column("actor_id", sa.Integer()),
    sa.column("actor_username", TEXT()),
    sa.column("action", TEXT()),
    sa.column("outcome", TEXT()),
    sa.column("patient_id", sa.Integer()),
    sa.column("detail", TEXT()),
    sa.column("prev_hash", TEXT()),
    sa.column("hash", TEXT()),
    sa.column("key_id", TEXT()),
)
head = sa.table(
    "auditchainhead",
    sa.column("id", sa.Integer()),
    sa.column("last_hash", TEXT()),
    sa.column("count", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("auditevent") as batch:
        batch.add_column(sa.Column("key_id", TEXT(length=16), nullable=True))
    conn = op.get_bind()
    found = conn.execute(sa.select(head.c.last_hash, head.c.count).where(head.c.id == 1)).first()
    last_hash, count = (found.last_hash, found.count) if found else (GENESIS, 0)
    keys = audit_keys()
    at = datetime.now(UTC_TZ)
    detail = (
        f"keyed from here: rows 1-{count} keep their unkeyed digest"
        if count
        else "keyed from here (no earlier rows)"
    )
    parts = _parts(last_hash, at, None, None, KEYED_FROM_HERE, "ok", None, detail)
    mac = seal(parts, keys.current_id, keys.current)
    conn.execute(
        auditevent.insert().values(
            at=at,
            action=KEYED_FROM_HERE,
            outcome="ok",
            detail=detail,
            prev_hash=last_hash,
            hash=mac,
            key_id=keys.current_id,
        )
    )
    if found:
        conn.execute(head.update().where(head.c.id == 1).values(last_hash=mac, count=count + 1))
    else:
        conn.execute(head.insert().values(id=1, last_hash=mac, count=1))


def downgrade() -> None:
    conn = op.get_bind()
    sealed = conn.execute(
        sa.select(sa.func.count())
        .select_from(auditevent)
        .where(auditevent.c.key_id.is_not(None), auditevent.c.action != KEYED_FROM_HERE)
    ).scalar_one()
    if sealed:
        raise RuntimeError("rows sealed with the audit key exist; they cannot be unkeyed")
    marker = conn.execute(
        sa.select(auditevent.c.id, auditevent.c.prev_hash).where(
            auditevent.c.action == KEYED_FROM_HERE
        )
    ).first()
    if marker:
        conn.execute(auditevent.delete().where(auditevent.c.id == marker.id))
        conn.execute(
            head.update()
            .where(head.c.id == 1)
            .values(last_hash=marker.prev_hash, count=head.c.count - 1)
        )
    with op.batch_alter_table("auditevent") as batch:
        batch.drop_column("key_id")
