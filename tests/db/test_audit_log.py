"""The audit trail: concurrent writers keep the chain intact; the admin's filtered, paged view."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from db.access import AccessDenied, NotFound
from db.actions import InvalidInput, record_view
from db.audit import AuditActor, record, verify
from db.engine import get_engine, read_session, write_session
from db.models import AuditChainHead, AuditEvent
from db.queries import audit_events, panel_for_staff, plan_for_clinician, verify_audit_chain
from db.queries.audit import AUDIT_PAGE_MAX
from tests.utils import actor_for, make_patient, make_user


@pytest.fixture
def team(db, frozen):
    nurse = make_user("nurse", ["coordinator"])
    doc = make_user("doc", ["clinician"])
    make_user("other", ["clinician"])
    make_user("boss", ["admin"])
    ana = make_patient(
        "Ana", username="ana", start=date(2026, 3, 2), coordinator=nurse, clinician=doc
    )
    return ana


def events(**where) -> list[AuditEvent]:
    with read_session() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEvent, key) == value)
        return list(session.exec(query))


def test_it_keeps_the_chain_intact_with_four_writers_at_once(team):
    actors = [actor_for(name) for name in ("nurse", "doc", "nurse", "doc")]
    start = threading.Barrier(len(actors))
    errors: list[BaseException] = []

    def write(actor):
        start.wait()
        try:
            for n in range(25):
                record_view(actor=actor, patient_id=team.id, view=f"v{n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(a,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(events(action="record_view")) == 100
    with read_session() as session:
        assert verify(session) == []
        head = session.get(AuditChainHead, 1)
        assert head.count == len(events())


def test_it_starts_every_database_with_the_chain_head_row(db):
    with read_session() as session:
        head = session.exec(select(AuditChainHead)).one()
        assert verify(session) == []
    # Migration 0009 appended the "keyed from here" row: the one row of a new database.
    [marker] = events()
    assert head.count == 1 and head.last_hash == marker.hash and marker.key_id is not None


def test_it_records_a_staff_view_of_a_record_without_health_details(team):
    record_view(actor=actor_for("doc"), patient_id=team.id, view="plan")
    [event] = events(action="record_view")
    assert (event.actor_username, event.patient_id, event.detail) == ("doc", team.id, "view plan")


@pytest.mark.parametrize("who", ["other", "boss", "ana"])
def test_it_refuses_and_audits_a_view_by_anyone_off_the_care_team(team, who):
    with pytest.raises(NotFound):
        record_view(actor=actor_for(who), patient_id=team.id, view="plan")
    [event] = events(action="record_view")
    assert (event.actor_username, event.outcome, event.patient_id) == (who, "refused", team.id)


def test_it_rejects_a_view_name_that_is_not_a_short_slug(team):
    with pytest.raises(InvalidInput):
        record_view(actor=actor_for("doc"), patient_id=team.id, view="PHQ-9 score 22")
    assert events(action="record_view") == []


def test_it_audits_refused_queries_like_refused_actions(team):
    with pytest.raises(AccessDenied):
        panel_for_staff(actor=actor_for("boss"))
    with pytest.raises(NotFound):
        plan_for_clinician(actor=actor_for("other"), patient_id=team.id)
    got = [(e.action, e.actor_username, e.outcome, e.patient_id) for e in events(outcome="refused")]
    assert got == [
        ("panel_for_staff", "boss", "refused", None),
        ("plan_for_clinician", "other", "refused", team.id),
    ]


def test_it_shows_the_admin_a_filtered_page_newest_first(team, frozen):
    doc, nurse = actor_for("doc"), actor_for("nurse")
    for n in range(7):
        record_view(actor=doc if n % 2 else nurse, patient_id=team.id, view=f"v{n}")
    frozen.shift(timedelta(days=2))
    record_view(actor=doc, patient_id=team.id, view="later")
    boss = actor_for("boss")

    first = audit_events(actor=boss, action="record_view", limit=3)
    assert [r.detail for r in first.rows] == ["view later", "view v6", "view v5"]
    second = audit_events(actor=boss, action="record_view", limit=3, before_id=first.older_than)
    assert [r.detail for r in second.rows] == ["view v4", "view v3", "view v2"]
    assert second.older_than is not None
    last = audit_events(actor=boss, action="record_view", limit=3, before_id=second.older_than)
    assert [r.detail for r in last.rows] == ["view v1", "view v0"] and last.older_than is None
    assert "record_view" in first.actions

    by_user = audit_events(actor=boss, username="Doc", action="record_view")
    assert {r.actor_username for r in by_user.rows} == {"doc"} and len(by_user.rows) == 4
    day_one = audit_events(actor=boss, action="record_view", until=date(2026, 3, 18))
    assert len(day_one.rows) == 7
    later = audit_events(actor=boss, action="record_view", since=date(2026, 3, 19))
    assert [r.detail for r in later.rows] == ["view later"]
    assert audit_events(actor=boss, patient_id=team.id + 1).rows == []
    assert len(audit_events(actor=boss, outcome="ok", patient_id=team.id).rows) == 8


def test_it_caps_a_page_so_the_table_is_never_read_whole(team):
    with write_session() as session:
        for n in range(AUDIT_PAGE_MAX + 5):
            record(session, actor=AuditActor(None, "doc"), action="record_view", detail=f"v{n}")
    before = len(events())
    page = audit_events(actor=actor_for("boss"), limit=10_000)
    assert len(page.rows) == AUDIT_PAGE_MAX == 200
    assert page.rows[0].detail == f"v{AUDIT_PAGE_MAX + 4}"  # newest first
    assert page.older_than is not None  # and the rest is one "older" click away
    rest = audit_events(actor=actor_for("boss"), limit=10_000, before_id=page.older_than)
    assert len(page.rows) + len(rest.rows) == before
    # Opening the log is itself audited (newer than the pages read, so in neither).
    assert len(events(action="audit_events")) == 2


def test_it_verifies_the_chain_for_the_admin(team):
    record_view(actor=actor_for("doc"), patient_id=team.id, view="plan")
    boss = actor_for("boss")
    assert verify_audit_chain(actor=boss) == []
    with get_engine().begin() as conn:
        conn.execute(
            text("UPDATE auditevent SET detail = 'view nothing' WHERE action='record_view'")
        )
    assert verify_audit_chain(actor=boss) != []


@pytest.mark.parametrize("who", ["nurse", "doc", "ana"])
def test_it_keeps_the_audit_log_to_admins(team, who):
    with pytest.raises(AccessDenied):
        audit_events(actor=actor_for(who))
    with pytest.raises(AccessDenied):
        verify_audit_chain(actor=actor_for(who))
