"""Whose address a QR filing counts against: X-Forwarded-For believed from named proxies only."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from services.maintenance.settings import MaintenanceSettings
from shared.addresses import client_ip

CONSOLE = MaintenanceSettings(trust_forwarded_for="127.0.0.1, ::1").trust_forwarded_for
PROXIES = MaintenanceSettings(trust_forwarded_for=["10.0.0.0/8"]).trust_forwarded_for


def request(peer: str, *forwarded: str) -> Request:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return Request({"type": "http", "headers": headers, "client": (peer, 40000)})


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        ("203.0.113.9", ("198.51.100.1",), CONSOLE, "203.0.113.9"),  # not a proxy: ignored
        ("127.0.0.1", ("198.51.100.1",), (), "127.0.0.1"),  # nobody trusted by default
        ("127.0.0.1", ("198.51.100.1",), CONSOLE, "198.51.100.1"),
        ("::1", ("2001:db8::7",), CONSOLE, "2001:db8::7"),
        ("::ffff:127.0.0.1", ("198.51.100.1",), CONSOLE, "198.51.100.1"),  # dual-stack socket
        ("127.0.0.1", (), CONSOLE, "127.0.0.1"),  # a proxy that names nobody
        # Read from the right: what the client wrote before the proxies' hops is not believed.
        ("10.0.0.2", ("6.6.6.6, 198.51.100.1, 10.0.0.5",), PROXIES, "198.51.100.1"),
        ("10.0.0.2", ("6.6.6.6", "198.51.100.1"), PROXIES, "198.51.100.1"),  # two headers
        ("10.0.0.2", ("10.0.0.7, 10.0.0.5",), PROXIES, "10.0.0.7"),  # all hops are proxies
        ("10.0.0.2", ("not-an-ip",), PROXIES, "not-an-ip"),  # what the proxy said, as said
    ],
)
def test_the_client_is_the_last_hop_that_is_not_a_trusted_proxy(peer, forwarded, trusted, client):
    assert client_ip(request(peer, *forwarded), trusted=trusted) == client


def test_trusted_proxies_are_addresses_or_networks_never_a_flag(monkeypatch):
    assert MaintenanceSettings().trust_forwarded_for == []
    monkeypatch.setenv("CAMPUS_MAINTENANCE_TRUST_FORWARDED_FOR", '["127.0.0.1", "10.1.0.0/16"]')
    assert [str(n) for n in MaintenanceSettings().trust_forwarded_for] == [
        "127.0.0.1/32",
        "10.1.0.0/16",
    ]
    monkeypatch.setenv("CAMPUS_MAINTENANCE_TRUST_FORWARDED_FOR", "")
    assert MaintenanceSettings().trust_forwarded_for == []
    for bad in ("true", "false", "console", "10.0.0.1/8"):
        monkeypatch.setenv("CAMPUS_MAINTENANCE_TRUST_FORWARDED_FOR", bad)
        with pytest.raises(ValidationError):
            MaintenanceSettings()


@pytest.mark.parametrize(
    ("host", "trusted"),
    [
        ("127.0.0.1", ["127.0.0.1/32"]),
        ("localhost", ["127.0.0.1/32", "::1/128"]),
        ("10.2.3.4", []),  # on a shared address nobody can tell the console's calls apart
    ],
)
def test_campus_up_trusts_the_console_loopback_only(tmp_path, monkeypatch, host, trusted):
    from campusctl.platform import SERVICES, Platform

    running = Platform(data_dir=tmp_path, amqp_url="amqp://x", namespace="t", host=host)
    maintenance = next(s for s in SERVICES if s.name == "maintenance")
    for name, value in running.links(maintenance).items():
        monkeypatch.setenv(name, value)
    assert [str(n) for n in MaintenanceSettings().trust_forwarded_for] == trusted
