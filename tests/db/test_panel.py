"""The staff panel: each coordinator sees their own patients, and what is true of them."""

from datetime import UTC, date, datetime

import pytest

from db.access import AccessDenied
from db.actions import record_check_in
from db.queries import flags_for_staff, panel_for_staff
from tests.utils import CHECK_IN_ANSWERS, actor_for, make_patient, make_user


def test_it_lists_only_the_coordinators_own_patients_on_the_panel(care_team):
    panel = panel_for_staff(actor=actor_for("coord"))
    assert panel["name"].tolist() == ["Ana Test"]
    assert panel.loc[0, "urgent"] == 1 and panel.loc[0, "open_flags"] == 1
    assert panel_for_staff(actor=actor_for("outsider-coord")).empty


def test_it_refuses_the_panel_to_patients_and_admins(care_team):
    for who in ("ana", "admin"):
        with pytest.raises(AccessDenied):
            panel_for_staff(actor=actor_for(who))


@pytest.fixture
def three_patients(db, frozen):
    """Ana and Ben in New York, Kiri in Auckland (13 hours ahead of UTC in March)."""
    coord = make_user("coord", ["coordinator"])
    for name in ("Ana", "Ben"):  # New York, make_patient's default
        make_patient(name, username=name.lower(), start=date(2026, 3, 2), coordinator=coord)
    make_patient(
        "Kiri",
        username="kiri",
        timezone="Pacific/Auckland",
        start=date(2026, 3, 2),
        coordinator=coord,
    )
    answers = dict(CHECK_IN_ANSWERS, anything_new=True)
    at = lambda day, hour: datetime(2026, 3, day, hour, 0, tzinfo=UTC)  # noqa: E731
    record_check_in(actor=actor_for("ana"), now=at(17, 15), warning_signs=["calf"], **answers)
    record_check_in(actor=actor_for("kiri"), now=at(18, 11), warning_signs=["calf"], **answers)
    record_check_in(actor=actor_for("ben"), now=at(18, 12), warning_signs=["chest_pain"], **answers)
    return actor_for("coord")


def test_it_shows_each_patients_last_check_in_on_their_own_calendar(three_patients):
    panel = panel_for_staff(actor=three_patients).set_index("name")
    # Kiri checked in at 11:00 UTC on the 18th: already Thursday the 19th in Auckland.
    assert panel["last_check_in"].to_dict() == {
        "Ben Test": date(2026, 3, 18),
        "Ana Test": date(2026, 3, 17),
        "Kiri Test": date(2026, 3, 19),
    }


def test_it_puts_the_most_severe_flag_first_then_the_oldest(three_patients):
    queue = flags_for_staff(actor=three_patients)
    assert [(f.patient_name, f.severity) for f in queue] == [
        ("Ben Test", "emergency"),
        ("Ana Test", "urgent"),
        ("Kiri Test", "urgent"),
    ]
    panel = panel_for_staff(actor=three_patients)
    assert panel["name"].tolist() == ["Ben Test", "Ana Test", "Kiri Test"]
