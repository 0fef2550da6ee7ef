from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db.engine import get_engine


def test_it_has_migrations_that_build_exactly_the_models(db):
    with get_engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_it_migrates_a_sqlite_database_whose_rows_point_at_rebuilt_tables(tmp_path):
    """0007 rebuilds tables (SQLite batch mode); rows of other tables that point at them survive.

    With foreign keys on during the rebuild, dropping the old ``flag`` table failed as soon as a
    flag had a history row or a warning-sign report.
    """
    import sqlite3

    from alembic import command

    from db.migrate import alembic_config

    path = tmp_path / "clinic.db"
    config = alembic_config(f"sqlite:///{path}")
    command.upgrade(config, "0006_flag_events")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO user (id, username, display_name, roles, password_hash, active,"
            " must_change_password, clinic_wide, failed_logins, password_changed_at, created_at)"
            " VALUES (1, 'ana', 'Ana', '[\"patient\"]', 'x', 1, 0, 0, 0, '2026-01-01', '2026-01-01')"
        )
        conn.execute(
            "INSERT INTO patient (id, user_id, given_name, family_name, date_of_birth,"
            " record_number, preferred_contact, timezone, created_at)"
            " VALUES (1, 1, 'Ana', 'Test', '1980-01-01', 'R1', 'phone', 'UTC', '2026-01-01')"
        )
        for flag_id in (1, 2):  # two open flags of one episode: the migration merges them
            conn.execute(
                "INSERT INTO flag (id, patient_id, rule, dedupe_key, severity, status, explanation,"
                " inputs, opened_at, last_seen_at) VALUES (?, 1, 'warning_sign',"
                " 'warning_sign:urgent', 'urgent', 'open', 'x', '{}', ?, ?)",
                (flag_id, f"2026-01-0{flag_id}", f"2026-01-0{flag_id}"),
            )
            conn.execute(
                "INSERT INTO flagevent (flag_id, at, kind, inputs) VALUES (?, ?, 'opened', '{}')",
                (flag_id, f"2026-01-0{flag_id}"),
            )
    command.upgrade(config, "head")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT id, status FROM flag ORDER BY id").fetchall() == [
            (1, "open"),
            (2, "resolved"),
        ]
        assert conn.execute("SELECT count(*) FROM flagevent").fetchone() == (2,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
