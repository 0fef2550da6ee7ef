"""The clinician's rule settings: thresholds with their meaning, a cohort preview before saving, a
reason to save, the history; the always-on rules shown as such; coordinators kept out."""

from __future__ import annotations

import pytest
from sqlmodel import select

from db.access import AccessDenied
from db.engine import read_session, write_session
from db.models import Patient, Program, RuleSetting
from db.queries import rule_settings_for_program
from tests.pages.conftest import texts, unreachable
from tests.utils import actor_for, rows

RULES = "pages/care/rules.py"


def number(at, label: str):
    return next(n for n in at.number_input if n.label == label)


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def test_it_shows_each_threshold_with_its_meaning_and_the_always_on_rules(app_as):
    at = app_as("demo-clinician")
    at.switch_page(RULES).run()
    assert not at.exception
    page = texts(at)
    assert "Always on: cannot be changed" in page
    assert "Warning signs" in page and "PHQ-9 item 9 (thoughts of self-harm)" in page
    assert number(at, "Soon at").value == 15 and number(at, "PEG fall line (%)").value == 30
    assert "IMMPACT: 30% is a moderate, meaningful change" in page
    assert len(at.number_input) == 16  # every tunable number, and nothing for the always-on rules
    assert not any(
        "item 9" in n.label.lower() or "warning" in n.label.lower() for n in at.number_input
    )


def test_it_previews_the_cohort_before_saving_and_saves_only_with_a_reason(app_as):
    at = app_as("demo-clinician")
    at.switch_page(RULES).run()
    number(at, "Soon at").set_value(17)
    click(at, "Preview the change")
    assert not at.exception
    page = texts(at)
    # Maria's PHQ-9 of 16 is "soon" today; from 17 it would be "routine".
    assert "Preview before saving" in page and "Mood, soon at: set to 17 points" in page
    # Alex, Maria, Dev, Grace and Omar; Tom's end-of-program rule is quiet after his visit.
    assert "flag **5** of 7 current patients" in page
    assert (
        "**Maria Santos** (DEMO-0002): Mood score (PHQ-9/GAD-7) (soon); after: "
        "Mood score (PHQ-9/GAD-7) (routine)"
    ) in page
    assert rows(RuleSetting) == []  # the preview saved nothing
    click(at, "Save as version 1")
    assert any("Please add a reason" in e.value for e in at.error)
    assert rows(RuleSetting) == []
    at.text_area[0].input("GAD-7 15 is common here after surgery; soon from 17.")
    click(at, "Save as version 1")
    assert not at.exception
    (saved,) = rows(RuleSetting)
    assert saved.settings == {"mood_soon_at": 17} and saved.version == 1
    assert saved.created_by == actor_for("demo-clinician").user_id
    page = texts(at)
    assert "**Version 1**" in page and "GAD-7 15 is common here after surgery" in page
    assert number(at, "Soon at").value == 17 and "Preview before saving" not in page


def test_it_opens_one_patients_settings_from_the_address(app_as):
    with read_session() as session:
        omar = session.exec(select(Patient).where(Patient.family_name == "Haddad")).one()
    at = app_as("demo-clinician")
    at.query_params["patient"] = str(omar.id)
    at.switch_page(RULES).run()
    assert not at.exception
    assert "For **Omar Haddad** only" in texts(at)
    number(at, "Days without a check-in").set_value(12)
    click(at, "Preview the change")
    page = texts(at)
    assert "flag **1** of 1 current patients. With this change: **0**" in page
    at.text_area[0].input("Omar checks in weekly by phone with the nurse.")
    click(at, "Save as version 1")
    (saved,) = rows(RuleSetting)
    assert (saved.scope, saved.patient_id) == ("patient", omar.id)
    assert "Now 12 days (this patient, version 1); program: 5" in texts(at)


def test_it_keeps_coordinators_and_admins_out(app_as):
    for username in ("demo-coordinator", "demo-admin"):
        at = app_as(username)
        assert unreachable(at, RULES)
        with pytest.raises(AccessDenied):
            rule_settings_for_program(actor=actor_for(username))


def test_it_lets_the_clinician_choose_the_program_when_the_clinic_has_two(app_as):
    with write_session() as session:
        six_weeks = Program(slug="recalibrate-6", title="Recalibrate 6-week program", weeks=6)
        session.add(six_weeks)
        session.flush()
        six_weeks_id = six_weeks.id
    at = app_as("demo-clinician")
    at.switch_page(RULES).run()
    program = next(s for s in at.selectbox if s.label == "Program")
    assert program.format_func(six_weeks_id) == "Recalibrate 6-week program"
    program.select(six_weeks_id).run()
    assert not at.exception
    assert "For everyone in **Recalibrate 6-week program**" in texts(at)
