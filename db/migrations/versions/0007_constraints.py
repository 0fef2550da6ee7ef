"""constraints: the database refuses what only the code refused before

Revision ID: 0007_constraints
Revises: 0006_flag_events

One open flag per (patient, episode): a unique index on flag(patient_id, dedupe_key) for the rows
that are not resolved. Existing duplicates are merged first: the oldest open one stays, the others
are resolved with a note saying which flag they were merged into. CHECK constraints on every range
and every single-value vocabulary column. The audit chain head row exists from the start, so two
first writers on PostgreSQL lock it instead of both inserting it.

Written by hand. The vocabularies are literals here on purpose: a migration must keep meaning what
it meant when it ran, whatever db/models.py says later. On SQLite, CHECKs need a table rebuild
(batch mode); the partial index is created after the flag rebuild, outside it, because a batch
rebuild can drop an index's WHERE clause (tests/db/test_constraints.py reads it back).
"""

from collections.abc import Sequence
from datetime import UTC as UTC_TZ
from datetime import datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_constraints"
down_revision: str | None = "0006_flag_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sqlmodel.sql.sqltypes.UTCDateTime
TEXT = sqlmodel.sql.sqltypes.AutoString
OPEN = "status <> 'resolved'"
GENESIS = "0" * 64
MERGE_NOTE = (
    "Closed automatically: a second open copy of flag #{keep} for the same episode. "
    "Follow-up continues on flag #{keep}."
)

CHECKS: dict[str, list[tuple[str, str]]] = {
    "careteammember": [("ck_careteammember_role", "role IN ('coordinator', 'clinician')")],
    "loginsession": [("ck_loginsession_kind", "kind IN ('staff', 'patient')")],
    "moduleversion": [("ck_moduleversion_status", "status IN ('draft', 'published')")],
    "enrolment": [
        ("ck_enrolment_status", "status IN ('active', 'paused', 'completed', 'withdrawn')")
    ],
    "checkin": [
        ("ck_checkin_pain", "pain BETWEEN 0 AND 10"),
        ("ck_checkin_sleep_quality", "sleep_quality BETWEEN 1 AND 5"),
        ("ck_checkin_mood", "mood BETWEEN 1 AND 5"),
        ("ck_checkin_stress", "stress BETWEEN 1 AND 5"),
    ],
    "questionnaireresponse": [
        ("ck_questionnaireresponse_total", "total >= 0"),
        ("ck_questionnaireresponse_program_week", "program_week >= 0"),
    ],
    "flag": [
        ("ck_flag_severity", "severity IN ('emergency', 'urgent', 'soon', 'routine')"),
        ("ck_flag_status", "status IN ('open', 'acknowledged', 'resolved')"),
    ],
    "warningsignreport": [("ck_warningsignreport_tier", "tier IN ('emergency', 'urgent')")],
    "auditevent": [("ck_auditevent_outcome", "outcome IN ('ok', 'refused', 'failed')")],
    "auditchainhead": [("ck_auditchainhead_one_row", "id = 1")],
}

flag = sa.table(
    "flag",
    sa.column("id", sa.Integer()),
    sa.column("patient_id", sa.Integer()),
    sa.column("dedupe_key", TEXT()),
    sa.column("status", TEXT()),
    sa.column("opened_at", UTC()),
    sa.column("resolved_at", UTC()),
    sa.column("resolution_note", TEXT()),
)


def merge_duplicate_open_flags() -> None:
    """Keep the oldest open flag of each (patient, dedupe key); resolve the others with a note."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(flag.c.id, flag.c.patient_id, flag.c.dedupe_key)
        .where(flag.c.status != "resolved")
        .order_by(flag.c.patient_id, flag.c.dedupe_key, flag.c.opened_at, flag.c.id)
    ).all()
    keep: dict[tuple[int, str], int] = {}
    now = datetime.now(UTC_TZ)
    for row in rows:
        first = keep.setdefault((row.patient_id, row.dedupe_key), row.id)
        if first == row.id:
            continue
        conn.execute(
            flag.update()
            .where(flag.c.id == row.id)
            .values(
                status="resolved",
                resolved_at=now,
                resolution_note=MERGE_NOTE.format(keep=first),
            )
        )


def upgrade() -> None:
    merge_duplicate_open_flags()
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for name, condition in checks:
                batch.create_check_constraint(name, condition)
    op.create_index(
        "uq_flag_open_dedupe",
        "flag",
        ["patient_id", "dedupe_key"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    # GENESIS is the chain's fixed starting digest (hex), not input: nothing is injected here.
    op.execute(
        "INSERT INTO auditchainhead (id, last_hash, count) "  # nosec B608
        f"SELECT 1, '{GENESIS}', 0 WHERE NOT EXISTS (SELECT 1 FROM auditchainhead)"
    )


def downgrade() -> None:
    op.drop_index("uq_flag_open_dedupe", table_name="flag")
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for name, _condition in checks:
                batch.drop_constraint(name, type_="check")
