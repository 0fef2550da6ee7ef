"""What the panel keeps showing now that it reads less per patient (w7-panelfast): the first 7
days' comparison where the baseline week has no mean, asked only for those patients."""

from datetime import UTC, date, datetime, timedelta

import pytest

from db.queries import panel_for_staff
from program.panel import PAIN_BETTER
from tests.utils import actor_for, add_pains, make_patient, make_user

NOW = datetime(2026, 3, 18, 18, 0, tzinfo=UTC)  # 14:00 on 18 March in New York


@pytest.fixture
def coordinator(db):
    return make_user("coord", ["coordinator"])


def test_it_compares_with_the_first_seven_days_when_the_baseline_week_has_no_mean(coordinator):
    # Week 1 starts on the enrolment's first day: no baseline week, so Progress compares the last
    # 7 days with the 7 days from the first check-in (3 March), not with the enrolment's start.
    patient = make_patient("Noor", start=date(2026, 3, 1), coordinator=coordinator)
    first = {date(2026, 3, 3) + timedelta(days=n): 8 for n in range(7)}
    recent = {date(2026, 3, 12) + timedelta(days=n): 4 for n in range(7)}
    add_pains(patient.id, first | recent)
    # A patient with no check-in at all beside her: nothing to compare.
    make_patient("Omar", start=date(2026, 3, 1), coordinator=coordinator)

    panel = panel_for_staff(actor=actor_for("coord"), now=NOW).set_index("name")

    noor = panel.loc["Noor Test"]
    assert (noor["pain_first_week"], noor["mean_pain_7d"], noor["pain_change"]) == (8.0, 4.0, -4.0)
    assert noor["pain_mark"] == PAIN_BETTER
    omar = panel.loc["Omar Test"]
    assert omar["pain_first_week"] != omar["pain_first_week"]  # NaN: no first week
    assert omar["pain_mark"] == ""
