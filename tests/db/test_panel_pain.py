"""The panel's 7-day mean pain: the rule of the patient's Progress, on the patient's local date."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from db.engine import read_session, write_session
from db.models import CheckIn, User
from db.queries import panel_for_staff, progress_for_patient
from tests.utils import actor_for, make_patient, make_user

START = date(2026, 3, 1)
# 12:00 UTC on 18 March is already 01:00 on 19 March in Auckland (NZDT, UTC+13).
AUCKLAND_NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
# 03:00 UTC on 18 March is still 20:00 on 17 March in Los Angeles (PDT, UTC-7).
LOS_ANGELES_NOW = datetime(2026, 3, 18, 3, 0, tzinfo=UTC)


@pytest.fixture
def coordinator(db):
    make_user("coord", ["coordinator"])
    return actor_for("coord")


def patient_with(name: str, pains: dict[date, int], *, timezone: str, username: str | None = None):
    patient = make_patient(
        name,
        username=username,
        timezone=timezone,
        start=START,
        coordinator=actor_user("coord"),
    )
    with write_session() as session:
        for day, pain in pains.items():
            session.add(
                CheckIn(
                    patient_id=patient.id,
                    local_date=day,
                    pain=pain,
                    sleep_quality=3,
                    mood=3,
                    stress=3,
                )
            )
    return patient


def actor_user(username: str) -> User:
    with read_session() as session:
        return session.exec(select(User).where(User.username == username)).one()


def mean_of(panel, name: str):
    value = panel.loc[panel["name"] == f"{name} Test", "mean_pain_7d"].iloc[0]
    return None if value is None or value != value else value  # None or NaN: no mean


def test_it_shows_no_mean_for_a_single_check_in_in_the_window(coordinator):
    patient_with("Una", {date(2026, 3, 18): 7}, timezone="America/New_York")
    panel = panel_for_staff(actor=coordinator, now=datetime(2026, 3, 18, 18, 0, tzinfo=UTC))
    assert mean_of(panel, "Una") is None


def test_it_takes_the_window_of_the_patients_own_date_ahead_of_utc(coordinator):
    # Local today is 19 March: the window is 13-19 March, so 12 March (pain 9) is out.
    pains = {date(2026, 3, 12): 9, date(2026, 3, 17): 2, date(2026, 3, 18): 2, date(2026, 3, 19): 5}
    patient_with("Aroha", pains, timezone="Pacific/Auckland")
    panel = panel_for_staff(actor=coordinator, now=AUCKLAND_NOW)
    assert mean_of(panel, "Aroha") == 3.0


def test_it_takes_the_window_of_the_patients_own_date_behind_utc(coordinator):
    # Local today is 17 March: the window is 11-17 March, so 11 March (pain 8) is in.
    pains = {date(2026, 3, 11): 8, date(2026, 3, 15): 4, date(2026, 3, 17): 4}
    patient_with("Luis", pains, timezone="America/Los_Angeles")
    panel = panel_for_staff(actor=coordinator, now=LOS_ANGELES_NOW)
    assert mean_of(panel, "Luis") == 5.3


@pytest.mark.parametrize(
    ("timezone", "now"),
    [("Pacific/Auckland", AUCKLAND_NOW), ("America/Los_Angeles", LOS_ANGELES_NOW)],
)
def test_it_shows_staff_the_mean_the_patient_sees_on_progress(coordinator, timezone, now):
    pains = {
        date(2026, 3, 10): 9,
        date(2026, 3, 11): 8,
        date(2026, 3, 13): 6,
        date(2026, 3, 14): 3,
        date(2026, 3, 16): 5,
        date(2026, 3, 17): 4,
        date(2026, 3, 19): 1,
    }
    patient_with("Mia", pains, timezone=timezone, username="mia")
    progress = progress_for_patient(actor=actor_for("mia"), now=now)
    panel = panel_for_staff(actor=coordinator, now=now)
    assert progress.pain["date"].iloc[-1].date() == progress.local_date
    assert mean_of(panel, "Mia") == round(progress.pain["mean_7d"].iloc[-1], 1)
