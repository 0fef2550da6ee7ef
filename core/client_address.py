"""Who is connecting: the client's address, believed only through proxies the clinic configured.

The login limit per (client, account) needs the client's address. Behind a reverse proxy the
connection comes from the proxy, and the client is named in ``X-Forwarded-For``, a header anyone
can also send themselves. So the header is read only when ``TRUSTED_PROXIES`` is set, and then
from the right: each proxy appends the address it was connected from, so the right-most address
that is not a trusted proxy is the last one a trusted proxy vouched for. Everything to its left was
written by the client and is ignored. Without the setting no header is believed and the client is
unknown (the login limit is then per account only, as before).

Streamlit 1.67 serves through uvicorn, which itself rewrites the connection's address from
``X-Forwarded-For`` when the peer is exactly ``127.0.0.1`` or ``::1`` (``FORWARDED_ALLOW_IPS``),
as it is with ``server.address = "127.0.0.1"`` (.streamlit/config.toml): the peer seen here is then
already the right-most non-loopback address of the header, the one nginx on the same machine
appended. Walking the chain from the right gives the same client. Bound to all addresses, the
peer arrives IPv4-mapped (``::ffff:127.0.0.1``), uvicorn leaves it alone, and it is read here as
127.0.0.1. (Checked against a running server with a forged header, not assumed.)

IPv6 clients are counted by their /64 network: one home or phone usually holds a whole /64, so
counting single addresses would give one guesser billions of fresh allowances.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from core.settings import IPNetwork

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPV6_CLIENT_PREFIX = 64


def parse_address(text: str) -> IPAddress | None:
    """One address as a proxy writes it (``203.0.113.7``, ``2001:db8::1``, ``[2001:db8::1]``,
    ``203.0.113.7:5678``); None when it is not one."""
    text = text.strip()
    if text.startswith("["):  # [v6] or [v6]:port
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # v4:port
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_key(address: IPAddress) -> str:
    """How a client is counted: an IPv4 address as is, an IPv6 address by its /64 network."""
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)


def _trusted(address: IPAddress, proxies: Iterable[IPNetwork]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(
    peer: str | None, forwarded_for: Iterable[str], proxies: tuple[IPNetwork, ...]
) -> str | None:
    """The client to count failed logins by, or None when it is not known.

    ``peer`` is the address the connection came from, ``forwarded_for`` every X-Forwarded-For
    header in the order received, ``proxies`` the TRUSTED_PROXIES setting. Unknown when no proxy
    is trusted, when the peer is unknown, when every hop is a trusted proxy, or when the address
    we would have to believe is malformed.
    """
    if not proxies or not peer:
        return None
    hops = [part for header in forwarded_for for part in header.split(",") if part.strip()]
    for text in reversed([*hops, peer]):
        address = parse_address(text)
        if address is None:
            return None
        if not _trusted(address, proxies):
            return client_key(address)
    return None
