"""The flare plan: written and changed in the patient's own words, one tap from Today, and shown
at once on Today when the patient answers "Yes" to "Are you having a flare today?"."""

from datetime import date

import pytest

from db.actions import give_consent
from db.models import FlarePlan
from program import move_wording as mw
from program.onboarding import CONSENT_VERSION
from tests.pages.conftest import login_as, texts
from tests.utils import actor_for, make_patient, rows
from tests.utils.screens import segmented

FLARE = "Are you having a flare today?"
FLARE_PAGE = "pages/patient/flare_plan.py"
ALEX_SCALE_DOWN = "Half my walk, and shoulder rolls only, for one or two days."


@pytest.fixture
def nia(db, frozen):
    """A patient in week 3 who has agreed to the program and written no flare plan."""
    make_patient("Nia", username="nia", start=date(2026, 3, 2))
    give_consent(actor=actor_for("nia"), version=CONSENT_VERSION)


def area(at, part: str):
    return at.text_area(key=f"flare-plan-{part}")


def test_it_shows_the_patients_own_flare_plan_at_once_on_a_flare_yes(app_as):
    at = app_as("demo-patient")
    assert mw.FLARE_NOW_TITLE not in [s.value for s in at.subheader]
    segmented(at, FLARE).set_value("Yes")
    at.run()
    assert not at.exception
    assert mw.FLARE_NOW_TITLE in [s.value for s in at.subheader]
    assert ALEX_SCALE_DOWN in [t.value for t in at.text]  # their words, before saving anything
    assert mw.NOT_A_FLARE in texts(at)
    segmented(at, FLARE).set_value("No")
    at.run()
    assert mw.FLARE_NOW_TITLE not in [s.value for s in at.subheader]


def test_it_gives_the_programs_flare_rule_and_a_prompt_when_no_plan_is_written(nia):
    at = login_as("nia")
    segmented(at, FLARE).set_value("Yes")
    at.run()
    shown = texts(at)
    assert mw.FLARE_NONE_YET in shown and mw.FLARE_RULE in shown
    assert mw.FLARE_WRITE in [link.label for link in at.get("page_link")]


def test_it_links_to_move_and_the_flare_plan_from_today_at_any_time(app_as):
    links = {link.label: link.proto.page for link in app_as("demo-patient").get("page_link")}
    assert (links[mw.FLARE_LINK], links[mw.MOVE_LINK]) == ("flare-plan", "move")


def test_it_keeps_a_new_version_when_the_patient_changes_their_plan(app_as):
    at = app_as("demo-patient").switch_page(FLARE_PAGE).run()
    assert not at.exception
    assert ALEX_SCALE_DOWN in [t.value for t in at.text]
    area(at, "tell").input("My partner <b>and</b> my sister *today*")
    next(b for b in at.button if b.label == mw.FLARE_SAVE).click().run()
    assert mw.FLARE_SAVED in [s.value for s in at.success]
    newest = max(rows(FlarePlan), key=lambda p: p.version)
    assert (newest.version, newest.tell, newest.scale_down) == (
        2,
        "My partner <b>and</b> my sister *today*",
        ALEX_SCALE_DOWN,
    )
    assert "My partner <b>and</b> my sister *today*" in [t.value for t in at.text]  # as typed


def test_it_asks_for_at_least_one_part_of_the_plan(nia):
    at = login_as("nia").switch_page(FLARE_PAGE).run()
    assert mw.FLARE_RULE in [i.value for i in at.info]
    next(b for b in at.button if b.label == mw.FLARE_SAVE).click().run()
    assert [e.value for e in at.error] == [mw.FLARE_EMPTY]
    assert rows(FlarePlan) == []
