"""The database itself refuses what the actions refuse: bad rows from any writer, on both engines."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db.engine import engine_for, get_engine, read_session, write_session
from db.migrate import alembic_config
from db.models import CheckIn, Flag, LoginSession, QuestionnaireResponse, WarningSignReport
from tests.utils.postgres import create_database, drop_database

DAY = date(2026, 3, 18)
NOW = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)


def execute(statement: str, **params: object) -> int:
    with get_engine().begin() as conn:
        return conn.execute(text(statement), params).rowcount


def flag(patient_id: int, key: str, status: str = "open", opened: datetime = NOW) -> Flag:
    return Flag(
        patient_id=patient_id,
        rule="warning_sign",
        dedupe_key=key,
        severity="urgent",
        status=status,
        explanation="x",
        opened_at=opened,
    )


def test_it_keeps_the_open_flag_index_partial_after_all_migrations(db, db_engine):
    # A later SQLite batch rebuild of `flag` would silently recreate this index without its WHERE.
    if db_engine == "sqlite":
        query = (
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'uq_flag_open_dedupe'"
        )
    else:
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_flag_open_dedupe'"
    with get_engine().connect() as conn:
        definition = conn.exec_driver_sql(query).scalar_one()
    assert "UNIQUE" in definition and "(patient_id, dedupe_key)" in definition
    assert "WHERE" in definition and "'resolved'" in definition


def test_it_refuses_a_second_open_flag_for_one_episode(demo_db):
    with read_session() as session:
        patient_id = session.exec(select(Flag.patient_id)).first()
    with write_session() as session:  # resolved episodes may repeat; so may other keys
        session.add(flag(patient_id, "sign:2026-03-01", status="resolved"))
        session.add(flag(patient_id, "sign:2026-03-01", status="resolved"))
        session.add(flag(patient_id, "sign:2026-03-01"))
        session.add(flag(patient_id, "sign:2026-03-02", status="acknowledged"))
    for status in ("open", "acknowledged"):
        with pytest.raises(IntegrityError), write_session() as session:
            session.add(flag(patient_id, "sign:2026-03-01", status=status))
    with read_session() as session:
        keys = session.exec(select(Flag).where(Flag.dedupe_key == "sign:2026-03-01")).all()
    assert sorted(f.status for f in keys) == ["open", "resolved", "resolved"]


def test_it_refuses_a_second_check_in_for_one_local_day(demo_db):
    with read_session() as session:
        existing = session.exec(select(CheckIn)).first()
    with pytest.raises(IntegrityError), write_session() as session:
        session.add(
            CheckIn(
                patient_id=existing.patient_id,
                local_date=existing.local_date,
                pain=1,
                sleep_quality=1,
                mood=1,
                stress=1,
            )
        )


@pytest.fixture
def every_table(demo_db):
    """The demo data plus a row in the tables the demo leaves empty."""
    with write_session() as session:
        first_flag = session.exec(select(Flag)).first()
        session.add(LoginSession(user_id=1, sid_sha256="k", kind="staff", expires_at=NOW))
        session.add(
            QuestionnaireResponse(
                patient_id=first_flag.patient_id,
                instrument="PEG",
                answers={"pain": 3},
                total=3,
                program_week=0,
                local_date=DAY,
            )
        )
        session.add(
            WarningSignReport(
                patient_id=first_flag.patient_id,
                local_date=DAY,
                signs=["calf"],
                tier="urgent",
                flag_id=first_flag.id,
            )
        )
    return demo_db


BAD_VALUES = [
    ("checkin", "pain", 4, -1),
    ("checkin", "pain", 10, 11),
    ("checkin", "sleep_quality", 1, 0),
    ("checkin", "mood", 5, 6),
    ("checkin", "stress", 3, 9),
    ("questionnaireresponse", "total", 0, -1),
    ("questionnaireresponse", "program_week", 0, -1),
    ("flag", "severity", "routine", "meh"),
    ("flag", "status", "acknowledged", "closed"),
    ("warningsignreport", "tier", "emergency", "soon"),
    ("enrolment", "status", "withdrawn", "finished"),
    ("careteammember", "role", "clinician", "admin"),
    ("moduleversion", "status", "draft", "archived"),
    ("loginsession", "kind", "patient", "robot"),
    ("auditevent", "outcome", "refused", "maybe"),
]


@pytest.mark.parametrize(("table", "column", "good", "bad"), BAD_VALUES)
def test_it_refuses_a_value_out_of_range_or_vocabulary(every_table, table, column, good, bad):
    # UPDATE the lowest-id row: the good value is accepted (so the row exists and the test bites)...
    where = f"id = (SELECT min(id) FROM {table})"
    assert execute(f"UPDATE {table} SET {column} = :v WHERE {where}", v=good) == 1
    # ...and the bad one is refused by the database, whoever writes it.
    with pytest.raises(IntegrityError, match="(?i)check"):
        execute(f"UPDATE {table} SET {column} = :v WHERE {where}", v=bad)


def test_it_keeps_one_audit_chain_head_row(db):
    with pytest.raises(IntegrityError, match="(?i)check"):
        execute("INSERT INTO auditchainhead (id, last_hash, count) VALUES (2, 'x', 0)")


@pytest.fixture
def blank_url(db_engine, tmp_path, request):
    """An empty database (no migrations yet) on ``db_engine``."""
    if db_engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    url = create_database(request.getfixturevalue("pg_url"))
    yield url
    engine_for(url).dispose()
    drop_database(url)


def test_it_merges_duplicate_open_flags_before_refusing_them(blank_url, monkeypatch):
    config = alembic_config(blank_url)
    command.upgrade(config, "0005")
    monkeypatch.setenv("DATABASE_URL", blank_url)
    older, newer = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)
    with engine_for(blank_url).begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO patient (id, given_name, family_name, date_of_birth, record_number,"
            " preferred_contact, timezone, created_at)"
            " VALUES (1, 'A', 'B', '1980-01-01', 'R1', 'phone', 'UTC', '2026-01-01 00:00:00')"
        )
    # Three open copies of one episode, added newest first; written with the columns the flag
    # table had at 0005 (today's model has columns later migrations add).
    old_flag = sa.table(
        "flag",
        *(sa.column(c) for c in ("patient_id", "rule", "dedupe_key", "severity", "status")),
        *(sa.column(c) for c in ("explanation", "inputs", "opened_at", "last_seen_at")),
    )
    with engine_for(blank_url).begin() as conn:
        for key, status, opened in (
            ("calf:2026-03-01", "open", newer),
            ("calf:2026-03-01", "acknowledged", older),
            ("calf:2026-03-01", "open", newer),
            ("other", "open", newer),
        ):
            conn.execute(
                old_flag.insert().values(
                    patient_id=1,
                    rule="warning_sign",
                    dedupe_key=key,
                    severity="urgent",
                    status=status,
                    explanation="x",
                    inputs="{}",
                    opened_at=opened.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    last_seen_at=opened.strftime("%Y-%m-%d %H:%M:%S.%f"),
                )
            )
    command.upgrade(config, "head")

    with read_session() as session:
        rows = session.exec(select(Flag).order_by(Flag.id)).all()
    kept = [f for f in rows if f.dedupe_key == "calf:2026-03-01" and f.status != "resolved"]
    assert [f.id for f in kept] == [2]  # the oldest one stays (acknowledged, as it was)
    merged = [f for f in rows if f.status == "resolved"]
    assert [f.id for f in merged] == [1, 3]
    assert all("flag #2" in f.resolution_note and f.resolved_at for f in merged)
    assert [f.status for f in rows if f.dedupe_key == "other"] == ["open"]
