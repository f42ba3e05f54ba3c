"""The whole platform as real processes (five services and the console) on a fresh vhost."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from campusctl.platform import SERVICES, Platform, demo_token, port_open
from shared.auth import AuthSettings


def free_offset() -> int:
    """A port offset at which every port of the platform is free."""
    rng = random.Random()
    for _ in range(50):
        # Below Linux's ephemeral range (32768-60999): an outgoing connection of one service
        # (to the broker, say) may otherwise take the port another is about to listen on.
        offset = rng.randrange(10_000, 24_000, 10)
        if not any(port_open("127.0.0.1", s.port + offset) for s in SERVICES):
            return offset
    raise RuntimeError("no free port range found for the platform")


@pytest.fixture
async def platform(vhost_url, namespace, tmp_path) -> AsyncIterator[Platform]:
    """Every process, ready, with the demo data loaded; stopped afterwards."""
    async for running in _platform(vhost_url, namespace, tmp_path):
        yield running


@pytest.fixture(scope="module")
def shared_platform(vhost_url, tmp_path_factory, request) -> Iterator[Platform]:
    """One platform for every test of a module (the browser tests share it); sync, so it
    lives outside any one test's event loop. A module's `PLATFORM_ENV` (a dict) is added to
    every process's environment (say, an SLA short enough to run out during a test)."""
    running = Platform(
        data_dir=tmp_path_factory.mktemp("platform") / "data",
        amqp_url=vhost_url,
        namespace=f"t{uuid.uuid4().hex[:10]}",
        port_offset=free_offset(),
        extra_env=getattr(request.module, "PLATFORM_ENV", None),
    )
    running.start()
    try:
        asyncio.run(running.wait_ready(timeout=120))
        asyncio.run(running.load_demo(AuthSettings()))
        yield running
    finally:
        running.stop()


async def _platform(vhost_url, namespace, folder) -> AsyncIterator[Platform]:
    running = Platform(
        data_dir=folder / "data",
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
