"""The one meaning of the shared lookups (db/lookups.py), on a real database."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from db.access import NotFound
from db.engine import read_session, write_session
from db.lookups import (
    current_enrolment,
    current_enrolment_with_program,
    newest_published_versions,
    patient_today,
    plan_events,
    plan_events_by_enrolment,
    published_modules,
)
from db.models import Enrolment, Module, ModuleVersion, PlanEvent, Program
from db.queries import today_for_patient
from db.seed import ensure_program
from tests.utils import actor_for, make_patient, make_user

START = date(2026, 1, 5)


def _enrol(patient_id: int, status: str, start: date = START) -> int:
    with write_session() as session:
        program = session.exec(select(Program)).first() or ensure_program(session)
        row = Enrolment(
            patient_id=patient_id,
            program_id=program.id,
            start_date=start,
            week1_start=start,
            status=status,
        )
        session.add(row)
        session.flush()
        return row.id


def _set_status(enrolment_id: int, status: str) -> None:
    with write_session() as session:
        row = session.get(Enrolment, enrolment_id)
        row.status = status
        session.add(row)


@pytest.mark.parametrize("status", ["completed", "withdrawn"])
def test_it_treats_a_finished_enrolment_as_history_not_current(db, status):
    patient = make_patient("Ada", start=START)
    with read_session() as session:
        only = current_enrolment(session, patient.id)
    _set_status(only.id, status)
    with read_session() as session:
        assert current_enrolment(session, patient.id) is None
        assert current_enrolment_with_program(session, patient.id) is None


@pytest.mark.parametrize("status", ["active", "paused"])
def test_it_treats_an_active_or_paused_enrolment_as_current(db, status):
    patient = make_patient("Bea")
    enrolment_id = _enrol(patient.id, status)
    with read_session() as session:
        assert current_enrolment(session, patient.id).id == enrolment_id
        enrolment, program = current_enrolment_with_program(session, patient.id)
        assert (enrolment.id, program.id) == (enrolment_id, enrolment.program_id)


def test_it_keeps_an_active_enrolment_past_week_12_current_for_maintenance(db):
    patient = make_patient("Cy")
    long_ago = date(2025, 1, 6)  # more than 12 weeks before any test date
    enrolment_id = _enrol(patient.id, "active", start=long_ago)
    with read_session() as session:
        assert current_enrolment(session, patient.id).id == enrolment_id


def test_it_prefers_the_current_enrolment_over_a_newer_completed_one(db):
    patient = make_patient("Dee")
    current = _enrol(patient.id, "active")
    _enrol(patient.id, "completed")
    with read_session() as session:
        assert current_enrolment(session, patient.id).id == current


def test_it_shows_no_program_on_today_after_the_enrolment_completed(db):
    make_patient("Eve", username="eve", start=START)
    actor = actor_for("eve")
    with read_session() as session:
        enrolment_id = current_enrolment(session, actor.patient_id).id
    _set_status(enrolment_id, "completed")
    view = today_for_patient(actor=actor, now=datetime(2026, 2, 1, 12, tzinfo=UTC))
    assert view.program_title is None and view.plan is None


def test_it_gives_the_patients_own_date_not_the_utc_date(db):
    honolulu = make_patient("Fay", timezone="Pacific/Honolulu")
    auckland = make_patient("Gus", timezone="Pacific/Auckland")
    now = datetime(2026, 3, 18, 9, 30, tzinfo=UTC)
    with read_session() as session:
        assert patient_today(session, honolulu.id, now) == date(2026, 3, 17)
        assert patient_today(session, auckland.id, now) == date(2026, 3, 18)
        with pytest.raises(NotFound):
            patient_today(session, 999_999, now)


def test_it_lists_plan_events_oldest_first_and_only_the_kinds_asked(db):
    clinician = make_user("dr-lookup", ["clinician"])
    patient = make_patient("Hal", start=START)
    other = make_patient("Ivy", start=START)
    with write_session() as session:
        enrolment = current_enrolment(session, patient.id)
        other_enrolment = current_enrolment(session, other.id)
        module = session.exec(select(Module)).first()
        for kind, day, module_id in (
            ("hold", date(2026, 1, 10), module.id),
            ("pause", date(2026, 1, 12), None),
            ("resume", date(2026, 1, 11), None),  # entered later, dated earlier
        ):
            session.add(
                PlanEvent(
                    enrolment_id=enrolment.id,
                    kind=kind,
                    module_id=module_id,
                    effective_date=day,
                    reason=f"{kind} reason",
                    actor_id=clinician.id,
                )
            )
        ids = (enrolment.id, other_enrolment.id)
    with read_session() as session:
        events = plan_events(session, ids[0])
        assert [e.kind for e in events] == ["hold", "pause", "resume"]
        assert events[0].module_id == module.id and events[0].reason == "hold reason"
        assert [e.sequence for e in events] == sorted(e.sequence for e in events)
        pauses = plan_events_by_enrolment(session, ids, ("pause", "resume"))
        assert [e.kind for e in pauses[ids[0]]] == ["pause", "resume"]
        assert ids[1] not in pauses
        assert plan_events_by_enrolment(session, []) == {}


def test_it_reads_each_module_at_its_newest_published_version_never_a_draft(db):
    make_patient("Jo", start=START)  # loads the shipped program
    with write_session() as session:
        program = session.exec(select(Program)).first()
        module = session.exec(select(Module).where(Module.program_id == program.id)).first()
        first = session.exec(
            select(ModuleVersion).where(ModuleVersion.module_id == module.id)
        ).first()
        copy = {k: getattr(first, k) for k in ("body", "minutes", "summary", "check")}
        session.add(ModuleVersion(module_id=module.id, number=2, title="Second, published", **copy))
        session.add(
            ModuleVersion(
                module_id=module.id, number=3, status="draft", title="Third, a draft", **copy
            )
        )
    with read_session() as session:
        newest = {m.id: v for m, v in newest_published_versions(session, program.id)}
        assert newest[module.id].number == 2
        titles = {ref.id: ref.title for ref in published_modules(session, program.id)}
        assert titles[module.id] == "Second, published"
        modules = session.exec(select(Module).where(Module.program_id == program.id)).all()
        assert len(titles) == len(modules)
