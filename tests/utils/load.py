"""Engine-agnostic load and crash helpers: each takes a database URL, so a PostgreSQL run is a
parametrize away. Workers run as separate processes (``python -m tests.utils.load ...``) through
the real actions, the way many phones and staff browsers reach one database.

Each mixed worker makes exactly ``MIX_TOTAL`` writes:
- check-ins for its own patient, one per day (``OWN_DAYS``);
- check-ins for one patient every worker shares, on the same ``SHARED_DAYS`` days (a race for the
  same (patient, day): exactly one row per day must survive);
- PEG drafts and a submit per program week (``WEEKS``), and GAD-7 draft saves;
- acknowledge then resolve each of ``FLAGS`` flags of its patient, as the care coordinator.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session, select

START = date(2026, 1, 5)  # a Monday; week 1 begins here
OWN_DAYS = 150
SHARED_DAYS = 50
WEEKS = 12
GAD_DRAFTS = 52
FLAGS = 100
MIX_TOTAL = OWN_DAYS + SHARED_DAYS + WEEKS * 4 + GAD_DRAFTS + 2 * FLAGS
CHECK_IN = dict(pain=4, sleep_quality=3, mood=3, stress=3, flare=False, medicines_changed=False)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


def app_engine(url: str):  # noqa: ANN201
    from db.engine import engine_for

    return engine_for(url)


def setup_world(url: str, workers: int) -> None:
    """Patients p0..pN-1 (UTC) and a shared one, their coordinator, and FLAGS open flags each."""
    os.environ["DATABASE_URL"] = url
    from db.actions import open_or_update_flag
    from db.engine import write_session
    from program.rules import FlagSpec
    from tests.utils import make_patient, make_user

    coord = make_user("load-coord", ["coordinator"], clinic_wide=True)
    for who in [f"p{i}" for i in range(workers)] + ["shared"]:
        patient = make_patient(who.title(), username=who, timezone="UTC", start=START)
        with write_session() as session:
            for n in range(FLAGS if who != "shared" else 0):
                spec = FlagSpec("load", "routine", f"load-{n}", "For the load test.", {})
                open_or_update_flag(session, patient.id, spec)
    assert coord.id


def mixed_worker(url: str, index: int) -> dict[str, int]:
    """MIX_TOTAL writes through the real actions; the counts of what each kind returned."""
    os.environ["DATABASE_URL"] = url
    from db import actions
    from db.engine import read_session
    from db.models import Flag
    from tests.utils import actor_for

    me, shared, coord = actor_for(f"p{index}"), actor_for("shared"), actor_for("load-coord")
    with read_session() as session:
        flag_ids = session.exec(
            select(Flag.id).where(Flag.patient_id == me.patient_id).order_by(Flag.id)
        ).all()
    done = {"check_in": 0, "shared_check_in": 0, "draft": 0, "submit": 0, "ack": 0, "resolve": 0}
    # Interleave the kinds so that every kind meets every other under contention.
    steps: list[tuple[str, int]] = (
        [("check_in", d) for d in range(OWN_DAYS)]
        + [("shared_check_in", (d + index * 7) % SHARED_DAYS) for d in range(SHARED_DAYS)]
        + [("week", w) for w in range(1, WEEKS + 1)]
        + [("gad", n) for n in range(GAD_DRAFTS)]
        + [("flag", n) for n in range(FLAGS)]
    )
    steps.sort(key=lambda s: (s[1] * 7919 + len(s[0]) * 31) % 1000)
    for kind, n in steps:
        if kind == "check_in":
            actions.record_check_in(actor=me, now=noon(START + timedelta(n)), **CHECK_IN)
            done["check_in"] += 1
        elif kind == "shared_check_in":
            pain = (index + n) % 11
            actions.record_check_in(
                actor=shared, now=noon(START + timedelta(n)), **{**CHECK_IN, "pain": pain}
            )
            done["shared_check_in"] += 1
        elif kind == "week":
            at = noon(START + timedelta(weeks=n - 1, days=2))
            for item in ("1", "2", "3"):
                actions.save_questionnaire_draft(
                    actor=me, instrument="PEG", answers={item: 5}, now=at
                )
                done["draft"] += 1
            actions.submit_questionnaire(actor=me, instrument="PEG", now=at)
            done["submit"] += 1
        elif kind == "gad":
            at = noon(START + timedelta(days=n))
            actions.save_questionnaire_draft(
                actor=me, instrument="GAD7", answers={"1": n % 4}, now=at
            )
            done["draft"] += 1
        else:
            actions.acknowledge_flag(actor=coord, flag_id=flag_ids[n], note="Seen.")
            done["ack"] += 1
            actions.resolve_flag(actor=coord, flag_id=flag_ids[n], note="Called; all well.")
            done["resolve"] += 1
    return done


def crash_writer(url: str) -> None:
    """Write check-ins for day after day, printing each id once its commit returned; never stops."""
    os.environ["DATABASE_URL"] = url
    from db.actions import record_check_in
    from tests.utils import actor_for

    me = actor_for("p0")
    day = 0
    while True:
        result = record_check_in(actor=me, now=noon(START + timedelta(day)), **CHECK_IN)
        print(result.check_in.id, flush=True)
        day += 1


def audit_problems(url: str) -> list[str]:
    from db import audit

    with Session(app_engine(url)) as session:
        return audit.verify(session)


def scalar(url: str, sql: str) -> object:
    with app_engine(url).connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def duplicate_check_ins(url: str) -> int:
    return scalar(
        url,
        "SELECT count(*) FROM (SELECT patient_id, local_date FROM checkin "
        "GROUP BY patient_id, local_date HAVING count(*) > 1) AS dup",
    )


def ids(url: str, table: str) -> list[int]:
    with app_engine(url).connect() as conn:
        return list(conn.execute(text(f"SELECT id FROM {table}")).scalars())  # noqa: S608


if __name__ == "__main__":
    role, db_url = sys.argv[1], sys.argv[2]
    if role == "mixed":
        started = time.monotonic()
        try:
            counts = mixed_worker(db_url, int(sys.argv[3]))
        except Exception as exc:  # reported to the test, which fails with the message
            print(f"ERROR {type(exc).__name__}: {exc}", flush=True)
            raise SystemExit(1) from None
        print(" ".join(f"{k}={v}" for k, v in counts.items()), flush=True)
        print(f"seconds={time.monotonic() - started:.2f}", flush=True)
    elif role == "crash":
        crash_writer(db_url)
    else:
        raise SystemExit(f"unknown role {role}")
