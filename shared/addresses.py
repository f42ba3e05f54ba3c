"""The client's address behind trusted proxies, for the rate limits of account-less routes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Address, IPv6Network, ip_address

from fastapi import Request

Network = IPv4Network | IPv6Network


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False  # not an address (a name, garbage): never a proxy we trust
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # a dual-stack socket shows 127.0.0.1 as ::ffff:127.0.0.1
    return any(ip in network for network in proxies)


def client_ip(request: Request, *, trusted: Sequence[Network]) -> str:
    """The client's address for rate limits: the peer's, unless the peer is a trusted proxy;
    then the last X-Forwarded-For hop that is not a trusted proxy itself (read from the right,
    since whoever calls the first proxy may write anything to the left of what it appends)."""
    peer = request.client.host if request.client else "unknown"
    if not _trusted(peer, trusted):
        return peer
    hops = [
        hop.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    # Every hop is a trusted proxy (or none was named): the first one is as far as we can see.
    return (hops[0] if hops else peer)[:64]


def proxy_list(value: object) -> object:
    """A `TRUST_FORWARDED_FOR` setting as a list: JSON, or addresses separated by commas."""
    # The setting was a boolean once: "true" trusting every peer is what it must not do.
    if isinstance(value, bool) or str(value).strip().lower() in ("true", "false", "1", "0"):
        raise ValueError("name the trusted proxies' addresses (e.g. 127.0.0.1), not a flag")
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value
