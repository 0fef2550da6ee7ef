"""Today after week 12 offers the one-page "my plan from here" PDF, and not before (AppTest
through the real app, frozen time; the file itself is made only when downloaded)."""

from datetime import UTC, date, datetime

import pytest

from db.actions import give_consent
from pages.patient.today_maintenance import my_plan_file
from program import plan_from_here_wording as pw
from program.onboarding import CONSENT_VERSION
from tests.pages.conftest import login_as
from tests.utils import actor_for, make_patient


@pytest.fixture
def ana(db, frozen):
    """Week 1 began on Monday 2 March 2026: week 12 is 18-24 May, week 13 begins on 25 May."""
    make_patient("Ana", username="ana", start=date(2026, 3, 2))
    give_consent(actor=actor_for("ana"), version=CONSENT_VERSION)


def downloads_on(frozen, day: date) -> list[str]:
    frozen.move_to(datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=16))
    at = login_as("ana")
    assert not at.exception
    return [d.proto.label for d in at.get("download_button")]


def test_it_offers_my_plan_from_here_in_week_13(ana, frozen):
    assert downloads_on(frozen, date(2026, 5, 27)) == [pw.BUTTON]
    assert my_plan_file(actor_for("ana")).startswith(b"%PDF-")


def test_it_does_not_offer_it_in_week_12(ana, frozen):
    assert pw.BUTTON not in downloads_on(frozen, date(2026, 5, 20))
