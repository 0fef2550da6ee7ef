"""Two saves at the same moment (a double tap, two tabs): one row, no error, on both engines."""

import threading
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from db.actions import record_check_in, report_warning_signs
from db.audit import verify
from db.engine import read_session
from db.models import CheckIn, Flag
from tests.utils import actor_for, make_patient

ANSWERS = dict(pain=4, sleep_quality=3, mood=3, stress=2, flare=False, medicines_changed=False)
THREADS = 4
ROUNDS = 5
FIRST = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)


def at_once(work) -> list[Exception]:
    """Run ``work(n)`` in THREADS threads released together; the errors they raised."""
    errors: list[Exception] = []
    start = threading.Barrier(THREADS)

    def run(n: int) -> None:
        start.wait()
        try:
            work(n)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_it_keeps_one_check_in_when_the_same_day_is_saved_twice_at_once(db):
    make_patient("Ana", username="ana", timezone="UTC", start=date(2026, 3, 2))
    ana = actor_for("ana")
    for day in range(ROUNDS):
        now = FIRST + timedelta(days=day)
        errors = at_once(
            lambda n, now=now: record_check_in(
                actor=ana,
                anything_new=True,
                warning_signs=["calf"],
                now=now,
                **{**ANSWERS, "pain": n},
            )
        )
        assert errors == []
    with read_session() as session:
        days = session.exec(select(CheckIn.local_date).order_by(CheckIn.local_date)).all()
        flags = session.exec(select(Flag)).all()
        assert verify(session) == []  # the audit chain head serialized every writer
    assert days == [date(2026, 3, 18) + timedelta(days=d) for d in range(ROUNDS)]
    assert [f.status for f in flags] == ["open"]  # one episode, refreshed by each save


def test_it_opens_one_flag_when_the_same_signs_are_sent_twice_at_once(db):
    make_patient("Ana", username="ana", timezone="UTC", start=date(2026, 3, 2))
    ana = actor_for("ana")
    for day in range(ROUNDS):
        now = FIRST + timedelta(days=day)
        errors = at_once(
            lambda n, now=now: report_warning_signs(actor=ana, warning_signs=["calf"], now=now)
        )
        assert errors == []
    with read_session() as session:
        keys = session.exec(select(Flag.dedupe_key)).all()
        assert verify(session) == []
    assert keys == ["warning_sign:urgent"]  # one open episode, refreshed by each report
