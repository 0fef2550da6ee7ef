"""Append-only audit trail, chained and sealed with a key the database does not hold.

Each AuditEvent stores the MAC of the row before it and its own MAC: HMAC-SHA256 over its contents
with the key named by ``key_id`` (core.audit_keys; never stored in the database). Editing,
re-attributing or removing a row breaks the chain, and recomputing it needs the key, which
``python -m db.audit verify`` detects. Rows written before migration 0009 have no key id and keep
their plain SHA-256 digest (never rehashed); the migration appends a "keyed from here" row, and no
unkeyed row may follow a keyed one. Writers serialize on the single AuditChainHead row; each write
logs the head (sequence number and MAC) to the app's log, so that deleting the newest rows together
with the head is caught by ``verify --expect-head SEQ:MAC`` with a head kept outside the database.

Protects against someone who can change the database but does not hold the key (a stolen backup,
a database administrator, an injected SQL statement). Not against a compromised app server, which
holds the key and could write anything a real writer could.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import logging
import sys
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from core.audit_keys import AuditKeys, audit_keys
from core.clock import utcnow
from db.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
KEYED_FROM_HERE = "audit_keyed"  # the action of the row migration 0009 appends
RESTORED = "audit_restored"  # the action of the row a restore appends
# Sealed into a row written in a session that began with a temporary password (migration 0012).
# Only a marked row has this part, so every row written before the mark existed keeps its seal,
# and removing or adding the mark on a sealed row breaks it.
TEMPORARY_SESSION_PART = "session began with a temporary password"
log = logging.getLogger("recalibrate.audit")


@dataclass(frozen=True)
class AuditActor:
    """Who an audit row is about (a user, or None for an anonymous login attempt)."""

    user_id: int | None
    username: str | None
    # Acting in a session that began with a temporary password someone else issued.
    temporary_session: bool = False


def _parts(
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    actor_username: str | None,
    action: str,
    outcome: str,
    patient_id: int | None,
    detail: str,
    temporary_session: bool = False,
) -> list[str]:
    parts = [
        prev_hash,
        at.isoformat(timespec="microseconds"),
        str(actor_id or ""),
        actor_username or "",
        action,
        outcome,
        str(patient_id or ""),
        detail,
    ]
    return [*parts, TEMPORARY_SESSION_PART] if temporary_session else parts


def plain_digest(parts: list[str]) -> str:
    """The unkeyed digest of rows written before the chain was keyed (verifying only)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def seal(parts: list[str], kid: str, key: bytes) -> str:
    """The row's MAC: HMAC-SHA256 under ``key`` over its contents and the key's id."""
    return hmac.new(key, "\x1f".join([*parts, kid]).encode(), hashlib.sha256).hexdigest()


def _event_parts(event: AuditEvent) -> list[str]:
    return _parts(
        event.prev_hash,
        event.at,
        event.actor_id,
        event.actor_username,
        event.action,
        event.outcome,
        event.patient_id,
        event.detail,
        bool(event.temporary_password_session),
    )


def record(
    session: Session,
    *,
    actor: AuditActor | None,
    action: str,
    outcome: str = "ok",
    patient_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Append one audit row inside the caller's transaction (no health details in ``detail``)."""
    keys = audit_keys()
    head = session.exec(select(AuditChainHead).with_for_update()).first()
    if head is None:
        head = AuditChainHead(id=1, last_hash=GENESIS, count=0)
        session.add(head)
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        action=action,
        outcome=outcome,
        patient_id=patient_id,
        detail=detail[:300],
        prev_hash=head.last_hash,
        hash="",
        key_id=keys.current_id,
        temporary_password_session=bool(actor and actor.temporary_session),
    )
    event.hash = seal(_event_parts(event), keys.current_id, keys.current)
    head.last_hash = event.hash
    head.count += 1
    session.add(event)
    session.add(head)
    session.flush()
    log.info("audit head %d:%s", head.count, head.last_hash)
    return event


def parse_head(text: str) -> tuple[int, str]:
    """``SEQ:MAC`` as kept outside the database; ValueError when it is not one."""
    seq, sep, mac = text.strip().partition(":")
    if not sep or not seq.isdigit() or len(mac) != 64:
        raise ValueError("a chain head looks like SEQ:MAC (a number, a colon, 64 hex digits)")
    return int(seq), mac.lower()


def verify(
    session: Session,
    *,
    expect_head: tuple[int, str] | None = None,
    keys: AuditKeys | None = None,
) -> list[str]:
    """Problems found in the chain, in order; an empty list means it is intact.

    ``expect_head`` is a (sequence number, MAC) kept outside the database: the chain must still
    hold that row, unchanged (the newest rows and the head deleted together are caught only so).
    """
    keys = keys or audit_keys()
    problems: list[str] = []
    prev = GENESIS
    count = 0
    keyed = False
    seen_expected = False
    # Streamed in batches: the trail can be far larger than memory.
    rows = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    for event in session.exec(rows):
        count += 1
        if event.prev_hash != prev:
            problems.append(
                f"row {event.id}: does not follow the row before it (a row was removed)"
            )
        parts = _event_parts(event)
        if event.key_id is None:
            if keyed:
                problems.append(f"row {event.id}: not sealed with a key after keyed rows")
            elif plain_digest(parts) != event.hash:
                problems.append(f"row {event.id}: contents do not match its hash (edited)")
        elif event.key_id not in keys.keys:
            keyed = True
            problems.append(
                f"row {event.id}: sealed with key {event.key_id}, which is not configured "
                "(add it to AUDIT_KEYS_OLD)"
            )
        else:
            keyed = True
            if not hmac.compare_digest(
                seal(parts, event.key_id, keys.keys[event.key_id]), event.hash
            ):
                problems.append(f"row {event.id}: contents do not match its seal (edited)")
        if expect_head is not None and count == expect_head[0]:
            seen_expected = True
            if not hmac.compare_digest(event.hash, expect_head[1]):
                problems.append(
                    f"row {event.id}: is not the row at sequence {count} recorded outside the "
                    "database"
                )
        prev = event.hash
    if count and not keyed:
        problems.append("no row is sealed with a key (the chain was rewritten without it)")
    head = session.get(AuditChainHead, 1)
    if head is None:
        problems.append("the chain head is missing (the newest rows may have been removed)")
    elif head.last_hash != prev or head.count != count:
        problems.append("the newest rows were removed or the chain head was changed")
    if expect_head is not None and not seen_expected:
        problems.append(
            f"the chain has {count} rows but {expect_head[0]} were recorded outside the "
            "database (the newest rows were removed)"
        )
    if head is not None:
        log.info("audit head %d:%s (verified: %s)", head.count, head.last_hash, not problems)
    return problems


def current_head(session: Session) -> str | None:
    """``SEQ:MAC`` of the newest row, to keep outside the database."""
    head = session.get(AuditChainHead, 1)
    return f"{head.count}:{head.last_hash}" if head is not None else None


def main(argv: list[str]) -> int:
    from db.engine import read_session

    parser = argparse.ArgumentParser(prog="python -m db.audit")
    parser.add_argument("command", choices=["verify"])
    parser.add_argument(
        "--expect-head", metavar="SEQ:MAC", help="a chain head kept outside the database"
    )
    args = parser.parse_args(argv)
    try:
        expect = parse_head(args.expect_head) if args.expect_head else None
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    with read_session() as session:
        problems = verify(session, expect_head=expect)
        head = current_head(session)
    for problem in problems:
        print(problem)
    print(
        "audit chain intact" if not problems else f"{len(problems)} problem(s) in the audit chain"
    )
    if head:
        print(f"chain head {head} (keep it somewhere else: verify --expect-head {head})")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
