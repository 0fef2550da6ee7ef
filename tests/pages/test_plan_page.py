"""The clinician's plan page through the real app: it opens the patient named in ``?patient=`` (or
one found by name, never the first of a list), on their current week; holds, skips and pauses
are plan events with a date and a reason the patient then sees."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from db.engine import read_session
from db.models import AuditEvent, Enrolment, Patient, PlanEvent
from db.queries import plan_for_clinician, today_for_patient
from program.vocabulary import PlanEventKind
from tests.conftest import FROZEN_NOW
from tests.pages.conftest import texts
from tests.utils import actor_for, make_patient
from tests.utils.screens import button


def patient_id(record_number: str) -> int:
    with read_session() as session:
        return session.exec(select(Patient.id).where(Patient.record_number == record_number)).one()


def open_plan(app_as, record_number: str | None = "DEMO-0001"):
    at = app_as("demo-clinician")
    if record_number:
        at.query_params["patient"] = str(patient_id(record_number))
    return at.switch_page("pages/care/plan.py").run()


def plan_reads() -> list[int | None]:
    with read_session() as session:
        return list(
            session.exec(
                select(AuditEvent.patient_id).where(
                    AuditEvent.action == "plan_for_clinician", AuditEvent.outcome == "ok"
                )
            )
        )


SLEEP_KINDS = (PlanEventKind.SLEEP_SCHEDULING_ON, PlanEventKind.SLEEP_SCHEDULING_OFF)


def events(record_number: str = "DEMO-0001") -> list[PlanEvent]:
    """The plan events of one patient about lessons and pauses (the demo holds one lesson of
    Maria's already, and switches bedtime scheduling on for Alex: the Sleep tab's own events)."""
    with read_session() as session:
        return list(
            session.exec(
                select(PlanEvent)
                .join(Enrolment, Enrolment.id == PlanEvent.enrolment_id)
                .where(Enrolment.patient_id == patient_id(record_number))
                .where(PlanEvent.kind.not_in(SLEEP_KINDS))
                .order_by(PlanEvent.id)
            )
        )


def text_area(at, prefix: str):
    return next(t for t in at.text_area if t.label.startswith(prefix))


def pause_reason_box(at):
    """The reason box of the Pause tab (other tabs, e.g. Movement, have reason boxes too)."""
    tab = next(t for t in at.tabs if t.label == "Pause")
    return next(t for t in tab.text_area if t.label.startswith("Reason"))


def test_it_opens_no_patient_until_one_is_named_or_found(app_as):
    at = open_plan(app_as, None)
    assert not at.exception
    shown = texts(at)
    assert "Alex Rivera" not in shown and "Maria Santos" not in shown and not at.selectbox
    assert plan_reads() == []
    next(t for t in at.text_input if t.label == "Find a patient").input("rivera").run()
    assert [b.label for b in at.button if "DEMO-" in b.label] == ["Alex Rivera · DEMO-0001"]
    button(at, "Alex Rivera · DEMO-0001").click().run()
    assert at.query_params["patient"] == str(patient_id("DEMO-0001"))
    assert "**Alex Rivera** · DEMO-0001 · week 3 of 12" in texts(at)
    assert plan_reads() == [patient_id("DEMO-0001")]


def test_it_opens_on_the_patients_current_week(app_as):
    # Maria Santos is in week 5 of the demo (db/seed.py DEMO_PANEL).
    at = open_plan(app_as, "DEMO-0002")
    assert "**Maria Santos** · DEMO-0002 · week 5 of 12" in texts(at)
    assert at.get("button_group")[0].value == 5
    assert "Week 5 (this week)" in [s.value for s in at.subheader]
    week_five = {s.module.title for s in today_for_patient_plan("DEMO-0002") if s.module.week == 5}
    module_box = next(s for s in at.selectbox if s.label == "Module")
    assert set(module_box.options) == week_five


def today_for_patient_plan(record_number: str):
    view = plan_for_clinician(
        actor=actor_for("demo-clinician"), patient_id=patient_id(record_number)
    )
    return view.plan.modules


def test_it_tells_a_clinician_plainly_when_the_patient_is_not_theirs(app_as):
    stranger = make_patient("Stranger", start=date(2026, 3, 2))
    at = app_as("demo-clinician")
    at.query_params["patient"] = str(stranger.id)
    at.switch_page("pages/care/plan.py").run()
    assert not at.exception
    assert any("not one of yours" in w.value for w in at.warning)
    assert "Stranger" not in texts(at) and plan_reads() == []


def test_it_holds_a_module_from_a_later_date_with_a_reason_the_patient_then_sees(app_as, frozen):
    at = open_plan(app_as)
    module = today_for_patient(actor=actor_for("demo-patient")).plan.this_week()[0].module
    next(s for s in at.selectbox if s.label == "Module").set_value(module.id)
    next(r for r in at.radio if r.label == "Change").set_value("hold")
    later = date(2026, 3, 20)
    next(d for d in at.date_input if d.label == "From").set_value(later)
    text_area(at, "Reason").input("We will go over this at your visit on Friday.")
    button(at, "Save change").click().run()
    assert not at.exception
    [event] = events()
    assert (event.kind, event.module_id, event.effective_date) == ("hold", module.id, later)
    assert today_for_patient(actor=actor_for("demo-patient")).plan.held() == []
    frozen.move_to(FROZEN_NOW + timedelta(days=2))
    patient = app_as("demo-patient")
    assert f"Your care team paused “{module.title}” because: We will go over this" in texts(patient)


def test_it_pauses_until_a_date_then_resumes_each_with_a_reason(app_as):
    at = open_plan(app_as)
    until = date(2026, 3, 29)
    next(d for d in at.date_input if d.label.startswith("Until")).set_value(until)
    pause_reason = pause_reason_box(at)
    pause_reason.input("A break while you recover from surgery.")
    button(at, "Pause program").click().run()
    assert not at.exception
    pause = events()[-1]
    assert (pause.kind, pause.effective_date, pause.until_date) == (
        "pause",
        date(2026, 3, 18),
        until,
    )
    plan = today_for_patient(actor=actor_for("demo-patient")).plan
    assert plan.paused and plan.pause_reason == "A break while you recover from surgery."
    assert "Paused since 18 Mar 2026, until 29 Mar 2026." in "\n".join(i.value for i in at.info)
    pause_reason_box(at).input("Welcome back.")
    button(at, "Resume program").click().run()
    assert events()[-1].kind == "resume"
    assert not today_for_patient(actor=actor_for("demo-patient")).plan.paused


def test_it_lists_each_change_with_who_made_it_and_the_reason_the_patient_sees(app_as):
    at = open_plan(app_as)
    pause_reason_box(at).input("Away for a week.")
    button(at, "Pause program").click().run()
    history = "\n".join(m.value for m in at.markdown if "Reason the patient sees" in m.value)
    assert "**Paused** from 18 Mar 2026" in history
    assert "by Dr. Jordan Lee" in history and "Away for a week." in history


def test_it_refuses_a_change_without_a_reason_and_saves_nothing(app_as):
    at = open_plan(app_as)
    button(at, "Save change").click().run()
    assert any("Please add a reason" in e.value for e in at.error)
    assert events() == []


def test_it_shows_the_patients_movement_levels_beside_the_plan(app_as):
    # Alex chose exercises in the demo (db/seed_movement.py): the clinician sees them on the plan.
    at = open_plan(app_as)
    assert not at.exception
    assert "Movement" in [t.label for t in at.tabs]
    assert any(s.label == "Exercise" or "exercise" in s.label.lower() for s in at.selectbox)
