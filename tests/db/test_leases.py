"""Leases on clock-driven jobs: one claimer at a time, judged by the database's clock."""

import threading
import time
from datetime import timedelta

from sqlalchemy import update

from db.engine import write_session
from db.leases import claim, holder_name, leases, release
from db.models import JobLease
from program.vocabulary import Job


def claim_at_once(count: int, seconds: float = 60) -> list[bool]:
    """``count`` claimers in threads of their own, let go at the same moment."""
    start = threading.Barrier(count)
    won: list[bool] = [False] * count

    def run(i: int) -> None:
        start.wait()
        won[i] = claim(Job.RULES, holder=f"claimer-{i}", seconds=seconds)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return won


def test_it_lets_exactly_one_of_several_claimers_at_once_win_a_new_lease(db):
    assert sum(claim_at_once(6)) == 1


def test_it_lets_exactly_one_of_several_claimers_at_once_win_an_expired_lease(db):
    assert claim(Job.RULES, holder="first", seconds=0.2)
    time.sleep(1.2)
    assert sum(claim_at_once(6)) == 1
    assert leases()[Job.RULES].holder != "first"


def test_it_refuses_a_held_lease_and_gives_an_expired_one_again(db):
    assert claim(Job.ESCALATION, holder="a", seconds=0.5)
    assert not claim(Job.ESCALATION, holder="b", seconds=0.5)
    time.sleep(1.5)
    assert claim(Job.ESCALATION, holder="b", seconds=60)
    assert leases()[Job.ESCALATION].holder == "b"


def test_it_frees_a_released_lease_at_once_but_keeps_one_held_until_it_expires(db):
    assert claim(Job.OUTBOX, holder="worker-1", seconds=600)
    release(Job.OUTBOX, holder="worker-2")  # not the holder: changes nothing
    assert not claim(Job.OUTBOX, holder="worker-2", seconds=600)
    release(Job.OUTBOX, holder="worker-1")
    assert claim(Job.OUTBOX, holder="worker-2", seconds=600)
    assert leases()[Job.OUTBOX].finished_at is not None

    assert claim(Job.RULES, holder="hourly", seconds=600)
    release(Job.RULES, holder="hourly", hold_seconds=600)
    assert not claim(Job.RULES, holder="someone-else", seconds=600)
    lease = leases()[Job.RULES]
    assert lease.expires_at - lease.claimed_at == timedelta(seconds=600)


def test_it_holds_a_lease_for_a_while_after_a_short_job(db):
    # A job that may run once a minute, claimed for longer than any run takes.
    assert claim(Job.ESCALATION, holder="w1", seconds=600)
    release(Job.ESCALATION, holder="w1", hold_seconds=1)
    assert not claim(Job.ESCALATION, holder="w2", seconds=600)  # within its minute
    time.sleep(1.5)
    assert claim(Job.ESCALATION, holder="w2", seconds=600)  # not the 600 s it was claimed for


def test_it_judges_expiry_by_the_database_clock_not_the_apps(db, frozen):
    assert claim(Job.RULES, holder="a", seconds=600)
    frozen.shift(timedelta(hours=3))  # the app's clock runs ahead; the database's does not
    assert not claim(Job.RULES, holder="b", seconds=600)
    with write_session() as session:  # the lease as it stands 11 minutes later
        session.execute(
            update(JobLease)
            .where(JobLease.name == Job.RULES)
            .values(expires_at=leases()[Job.RULES].expires_at - timedelta(minutes=11))
        )
    assert claim(Job.RULES, holder="b", seconds=600)


def test_it_names_the_holder_by_machine_and_process():
    name = holder_name()
    assert name.count(":") == 2 and name != holder_name()
