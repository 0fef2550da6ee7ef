"""What the plan page reads: the clinician's search (own patients only, never everyone), the pause
in force with its end date, a pause planned for later, and the history with who and what."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from db.access import AccessDenied, NotFound
from db.actions import change_plan
from db.engine import read_session
from db.models import AuditEvent, Enrolment
from db.queries import find_my_patients, plan_for_clinician, today_for_patient
from db.queries.plan_search import SEARCH_LIMIT
from tests.utils import actor_for, make_patient, make_user


def search_rows() -> int:
    with read_session() as session:
        return session.exec(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "find_my_patients")
        ).one()


def test_it_finds_only_the_clinicians_own_patients_by_every_word_typed(care_team):
    clin = actor_for("clin")
    assert [p.name for p in find_my_patients(actor=clin, text="ana test")] == ["Ana Test"]
    assert find_my_patients(actor=clin, text="ben") == []  # Ben is not on her team
    assert find_my_patients(actor=clin, text="ana nobody") == []
    assert [p.name for p in find_my_patients(actor=actor_for("outsider-clin"), text="ana")] == []


def test_it_returns_nothing_and_reads_nothing_until_something_is_typed(care_team):
    assert find_my_patients(actor=actor_for("clin"), text="   ") == []
    assert search_rows() == 1  # the read is still recorded: it was asked


def test_it_treats_wildcards_in_a_search_as_plain_characters(care_team):
    assert find_my_patients(actor=actor_for("clin"), text="%") == []
    assert find_my_patients(actor=actor_for("clin"), text="_") == []


def test_it_lists_at_most_twenty_matches(care_team):
    clin_user = make_user("busy-clin", ["clinician"])
    for n in range(SEARCH_LIMIT + 5):
        make_patient(f"Same{n:02d}", clinician=clin_user)
    found = find_my_patients(actor=actor_for("busy-clin"), text="same")
    assert len(found) == SEARCH_LIMIT


@pytest.mark.parametrize(("who", "refusal"), [("ana", AccessDenied), ("coord", AccessDenied)])
def test_it_keeps_the_search_to_clinicians(care_team, who, refusal):
    with pytest.raises(refusal):
        find_my_patients(actor=actor_for(who), text="ana")


def test_it_shows_the_pause_in_force_with_its_end_and_who_made_each_change(care_team):
    ana = actor_for("ana").patient_id
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana,
        kind="pause",
        reason="Surgery and rest",
        until=date(2026, 3, 29),
    )
    view = plan_for_clinician(actor=actor_for("clin"), patient_id=ana)
    assert view.plan.paused and view.today == date(2026, 3, 18)
    assert (view.pause.since, view.pause.until, view.pause.reason) == (
        date(2026, 3, 18),
        date(2026, 3, 29),
        "Surgery and rest",
    )
    [change] = view.history
    assert (change.kind, change.actor_name, change.until_date) == (
        "pause",
        "Clin",
        date(2026, 3, 29),
    )


def test_it_keeps_a_pause_planned_for_later_from_pausing_the_patient_today(care_team):
    ana = actor_for("ana").patient_id
    change_plan(
        actor=actor_for("clin"),
        patient_id=ana,
        kind="pause",
        reason="Holiday",
        effective_date=date(2026, 3, 25),
    )
    view = plan_for_clinician(actor=actor_for("clin"), patient_id=ana)
    assert not view.plan.paused and view.pause is None
    assert [c.effective_date for c in view.upcoming_pauses] == [date(2026, 3, 25)]
    assert not today_for_patient(actor=actor_for("ana")).plan.paused
    with read_session() as session:
        assert session.exec(select(Enrolment.status).where(Enrolment.patient_id == ana)).one() == (
            "active"
        )


def test_it_names_the_module_of_each_module_change(care_team):
    ana = actor_for("ana").patient_id
    module = today_for_patient(actor=actor_for("ana")).plan.this_week()[0].module
    change_plan(
        actor=actor_for("clin"), patient_id=ana, kind="skip", module_id=module.id, reason="Done"
    )
    [change] = plan_for_clinician(actor=actor_for("clin"), patient_id=ana).history
    assert (change.kind, change.module_title) == ("skip", module.title)


@pytest.mark.parametrize(
    ("who", "refusal"), [("clin", None), ("outsider-clin", NotFound), ("ana", NotFound)]
)
def test_it_opens_the_plan_for_the_patients_clinician_only(care_team, who, refusal):
    ana = actor_for("ana").patient_id
    if refusal is None:
        assert plan_for_clinician(actor=actor_for(who), patient_id=ana).patient_id == ana
    else:
        with pytest.raises(refusal):
            plan_for_clinician(actor=actor_for(who), patient_id=ana)
