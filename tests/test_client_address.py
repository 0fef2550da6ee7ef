"""Which client a login comes from: only what a configured, trusted proxy vouches for."""

from __future__ import annotations

import pytest

from core.client_address import client_address, parse_address
from core.settings import SettingsError, load_settings, trusted_proxies

NGINX_HERE = trusted_proxies("127.0.0.1, ::1")
TWO_PROXIES = trusted_proxies("10.0.0.0/8")


def test_it_believes_no_header_without_trusted_proxies():
    # The default: a forged X-Forwarded-For names nobody, and neither does the peer.
    assert client_address("127.0.0.1", ["198.51.100.9"], ()) is None
    assert client_address("203.0.113.7", [], ()) is None
    assert load_settings({"RECALIBRATE_ENV": "test"}).trusted_proxies == ()


def test_it_takes_the_address_the_trusted_proxy_appended_and_ignores_what_the_client_wrote():
    # nginx appends $remote_addr; whatever the client sent sits to its left and is ignored.
    assert client_address("127.0.0.1", ["198.51.100.9, 203.0.113.7"], NGINX_HERE) == "203.0.113.7"
    assert client_address("127.0.0.1", ["203.0.113.7"], NGINX_HERE) == "203.0.113.7"


def test_it_walks_back_through_a_chain_of_trusted_proxies():
    # client -> load balancer 10.0.0.2 -> nginx 10.0.0.5 -> app; the client forged two entries.
    headers = ["1.1.1.1, 8.8.8.8", "203.0.113.7, 10.0.0.2"]  # repeated headers, in order
    assert client_address("10.0.0.5", headers, TWO_PROXIES) == "203.0.113.7"


def test_it_uses_the_peer_itself_when_the_peer_is_not_a_trusted_proxy():
    # A direct connection that sends its own header: the header is the client's word, ignored.
    assert client_address("203.0.113.50", ["10.0.0.2, 1.2.3.4"], TWO_PROXIES) == "203.0.113.50"


def test_it_knows_no_client_when_it_cannot_tell():
    assert client_address(None, ["203.0.113.7"], NGINX_HERE) is None  # peer unknown
    assert client_address("127.0.0.1", [], NGINX_HERE) is None  # only proxies in the chain
    assert client_address("127.0.0.1", ["not-an-address"], NGINX_HERE) is None
    assert client_address("127.0.0.1", ["203.0.113.7, unknown"], NGINX_HERE) is None


def test_it_counts_an_ipv6_client_by_its_64_network():
    one = client_address("::1", ["2001:db8:1:2::7"], NGINX_HERE)
    other = client_address("::1", ["2001:db8:1:2:ffff::1"], NGINX_HERE)
    assert one == other == "2001:db8:1:2::/64"
    assert client_address("::1", ["2001:db8:1:3::7"], NGINX_HERE) != one


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7:5678 ", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("unknown", None),
        ("", None),
        ("203.0.113.999", None),
    ],
)
def test_it_reads_an_address_as_proxies_write_it(text, expected):
    parsed = parse_address(text)
    assert (str(parsed) if parsed else None) == expected


@pytest.mark.parametrize("value", ["*", "0.0.0.0/0", "::/0", "10.0.0.0/8, nginx", "300.1.1.1"])
def test_it_refuses_a_trusted_proxy_setting_that_is_not_a_proxy(value):
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        load_settings({"RECALIBRATE_ENV": "test", "TRUSTED_PROXIES": value})


def test_it_keeps_the_account_wide_limit_above_the_per_client_one():
    settings = load_settings({"RECALIBRATE_ENV": "test"})
    assert (settings.lockout_threshold, settings.lockout_account_threshold) == (5, 20)
    with pytest.raises(SettingsError, match="LOCKOUT_ACCOUNT_THRESHOLD"):
        load_settings(
            {"RECALIBRATE_ENV": "test", "LOCKOUT_THRESHOLD": "8", "LOCKOUT_ACCOUNT_THRESHOLD": "6"}
        )
