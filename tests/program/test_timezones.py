"""Only names from the IANA list are time zones: nothing else ever reaches ZoneInfo()."""

import pytest

from program.timezones import is_known_timezone


@pytest.mark.parametrize("name", ["America/Chicago", "America/New_York", "Europe/Berlin", "UTC"])
def test_it_accepts_iana_time_zone_names(name):
    assert is_known_timezone(name)


@pytest.mark.parametrize(
    "name",
    ["A" * 300, "America/" + "x" * 300, "../../etc/passwd", "Eastern", "america/chicago", "", None],
)
def test_it_refuses_anything_else_without_touching_the_disk(name):
    assert not is_known_timezone(name)
