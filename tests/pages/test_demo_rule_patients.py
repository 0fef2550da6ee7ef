"""The demo's rule patients can log in and land on Today (their flags are for the care team)."""

import pytest

from tests.pages.conftest import texts

LOGINS = ("demo-grace", "demo-dev", "demo-tom", "demo-maria", "demo-lena", "demo-omar")


@pytest.mark.parametrize("username", LOGINS)
def test_it_lets_each_demo_rule_patient_log_in_to_today(app_as, username):
    at = app_as(username)
    assert not at.exception
    assert "Week " in texts(at) and "Getting started" not in [t.value for t in at.title]
