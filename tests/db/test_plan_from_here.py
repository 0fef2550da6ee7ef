"""The patient's own "my plan from here" from the store: the demo patient's exercises at today's
targets, their bedtime plan and flare plan, their practice, the safety net from the schedule, and
the clinic's phone; nobody else gets it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from db.access import AccessDenied
from db.queries import movement_for_patient, my_plan_from_here, sleep_for_patient
from db.seed_movement import FLARE_PLAN
from db.seed_sleep import WAKE_TIME
from export.plan_from_here import plan_from_here_pdf
from program.defaults import DEFAULTS
from program.measures import SCHEDULE
from program.vocabulary import QuestionnaireCode
from tests.utils import actor_for, make_patient


def test_it_gives_the_demo_patient_their_exercises_sleep_window_and_flare_plan(demo_db, frozen):
    alex = actor_for("demo-patient")
    plan = my_plan_from_here(actor=alex)
    move = movement_for_patient(actor=alex)
    sleep = sleep_for_patient(actor=alex).plan
    assert plan.first_name == "Alex"
    assert [(m.name, m.target, m.unit) for m in plan.movement] == [
        (c.exercise.name, c.day.target, c.exercise.unit) for c in move.chosen
    ]
    assert len(plan.movement) == 3 and all(m.target for m in plan.movement)
    assert plan.scheduling and plan.wake_time == WAKE_TIME
    assert plan.bedtime == sleep.bedtime is not None
    assert plan.time_in_bed == sleep.window.minutes
    assert dict(plan.flare_plan) == FLARE_PLAN
    assert plan.practice_used == "Slow breathing"
    assert plan.practice_suggested_minutes == DEFAULTS.practice_default_minutes
    assert plan.peg_every_weeks == SCHEDULE[QuestionnaireCode.PEG]
    assert plan.mood_every_weeks == SCHEDULE[QuestionnaireCode.PHQ9]
    assert plan.clinic_phone


def test_it_prints_the_demo_patients_plan_on_one_page(demo_db, frozen):
    pdf = plan_from_here_pdf(my_plan_from_here(actor=actor_for("demo-patient")))
    (page,) = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(page.extract_text().split())
    assert FLARE_PLAN["scale_down"] in text and f"Get up at {WAKE_TIME} every day" in text


def test_it_gives_another_patient_their_own_plan_never_the_demo_patients(demo_db, frozen):
    make_patient("Ben", username="ben", start=date(2026, 3, 2))
    plan = my_plan_from_here(actor=actor_for("ben"))
    assert plan.first_name == "Ben"
    assert plan.movement == () and plan.flare_plan == () and not plan.scheduling


@pytest.mark.parametrize("who", ["demo-clinician", "demo-coordinator", "demo-admin"])
def test_it_makes_the_plan_for_the_patient_alone(demo_db, frozen, who):
    with pytest.raises(AccessDenied):
        my_plan_from_here(actor=actor_for(who))
