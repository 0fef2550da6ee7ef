"""A session that began with a temporary password someone else issued: every audit row written in
it says so, the mark is sealed with the row, and rows without it keep the seal they always had
(issue 10, item 3). Both engines.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest
from sqlalchemy import update
from sqlmodel import select

from core.audit_keys import audit_keys
from db.access import AccessDenied
from db.actions import change_password, end_user_sessions, issue_temporary_password
from db.audit import verify
from db.auth import check_session, end_session
from db.engine import read_session, write_session
from db.models import AuditEvent
from db.queries import audit_events, panel_for_staff
from tests.utils import actor_for
from tests.utils.sessions import SETTINGS, start, user

NEW = "maple orbit sunlit 71"


def events(**where: object) -> list[AuditEvent]:
    with read_session() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEvent, key) == value)
        return list(session.exec(query))


def chain_problems() -> list[str]:
    with read_session() as session:
        return verify(session)


def log_in_with_a_temporary_password(username: str, issuer: str) -> int:
    temporary = issue_temporary_password(actor=actor_for(issuer), user_id=user(username).id)
    return start(username, f"sid-{username}-temporary", temporary)


def test_it_marks_every_audit_row_of_a_session_begun_with_a_temporary_password(people):
    first = events()[-1].id if events() else 0
    session_id = log_in_with_a_temporary_password("ana", issuer="nurse")
    check = check_session(settings=SETTINGS, session_id=session_id)
    assert check.actor.temporary_session and check.must_change_password
    change_password(
        actor=check.actor, current_password=None, new_password=NEW, keep_session_id=session_id
    )
    # Still the same session after the change: still marked.
    later = check_session(settings=SETTINGS, session_id=session_id)
    assert later.actor.temporary_session and not later.must_change_password
    end_session(session_id=session_id)
    mine = [e for e in events() if e.id > first and e.actor_username == "ana"]
    assert [e.action for e in mine] == ["login", "change_password", "logout"]
    assert all(e.temporary_password_session for e in mine)
    # The coordinator's own row is not marked, and a normal login of Ana's is not either.
    assert not events(action="issue_temporary_password")[-1].temporary_password_session
    normal = start("ana", "sid-ana-own-password", NEW)
    assert not check_session(settings=SETTINGS, session_id=normal).actor.temporary_session
    assert not events(action="login")[-1].temporary_password_session
    assert chain_problems() == []


def test_it_marks_a_staff_members_reads_and_refusals_in_such_a_session(people):
    session_id = log_in_with_a_temporary_password("doc", issuer="boss")
    actor = check_session(settings=SETTINGS, session_id=session_id).actor
    panel_for_staff(actor=actor)
    with pytest.raises(AccessDenied):
        end_user_sessions(actor=actor, user_id=user("ana").id)  # an admin's action: refused
    read = events(action="panel_for_staff")[-1]
    refused = events(action="end_user_sessions")[-1]
    assert read.temporary_password_session and refused.temporary_password_session
    assert refused.outcome == "refused"
    assert chain_problems() == []


def test_it_breaks_the_seal_when_the_mark_is_removed_or_added(people):
    log_in_with_a_temporary_password("ana", issuer="nurse")
    marked = events(action="login")[-1]
    unmarked = events(action="issue_temporary_password")[-1]
    with write_session() as session:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.id == marked.id)
            .values(temporary_password_session=False)
        )
    assert any(f"row {marked.id}:" in p for p in chain_problems())
    with write_session() as session:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.id.in_([marked.id, unmarked.id]))
            .values(temporary_password_session=True)
        )
    found = chain_problems()
    assert any(f"row {unmarked.id}:" in p for p in found)
    assert not any(f"row {marked.id}:" in p for p in found)  # its own mark restored: intact


def test_it_seals_an_unmarked_row_exactly_as_rows_were_sealed_before_the_mark(people):
    # The same eight parts and key id as before migration 0012: old rows verify unchanged.
    start("ana", "sid-ana")
    row = events(action="login")[-1]
    keys = audit_keys()
    parts = [
        row.prev_hash,
        row.at.isoformat(timespec="microseconds"),
        str(row.actor_id or ""),
        row.actor_username or "",
        row.action,
        row.outcome,
        str(row.patient_id or ""),
        row.detail,
        row.key_id,
    ]
    old_seal = hmac.new(keys.keys[row.key_id], "\x1f".join(parts).encode(), hashlib.sha256)
    assert not row.temporary_password_session and row.hash == old_seal.hexdigest()


def test_it_shows_the_mark_on_the_admins_audit_log(people):
    log_in_with_a_temporary_password("ana", issuer="nurse")
    page = audit_events(actor=actor_for("boss"), username="ana")
    assert [r.temporary_session for r in page.rows] == [True]
    nurse_rows = audit_events(actor=actor_for("boss"), username="nurse").rows
    assert not any(r.temporary_session for r in nurse_rows)
