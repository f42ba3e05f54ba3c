"""The whole platform as five real processes on a fresh vhost, for end-to-end tests."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest

from campusctl.platform import SERVICES, Platform, demo_token, port_open
from shared.auth import AuthSettings


def free_offset() -> int:
    """A port offset at which all five service ports are free."""
    rng = random.Random()
    for _ in range(50):
        offset = rng.randrange(20_000, 40_000, 10)
        if not any(port_open("127.0.0.1", s.port + offset) for s in SERVICES):
            return offset
    raise RuntimeError("no free port range found for the platform")


@pytest.fixture
async def platform(vhost_url, namespace, tmp_path) -> AsyncIterator[Platform]:
    """Five service processes, ready, with the demo data loaded; stopped afterwards."""
    running = Platform(
        data_dir=tmp_path / "data",
        amqp_url=vhost_url,
        namespace=namespace,
        port_offset=free_offset(),
    )
    running.start()
    try:
        await running.wait_ready(timeout=120)
        await running.load_demo(AuthSettings())
        yield running
    finally:
        running.stop()


def bearer(role: str) -> dict[str, str]:
    """Authorization header of the demo person holding `role`."""
    return {"Authorization": f"Bearer {demo_token(role, AuthSettings())}"}
