"""The chaos scenarios' platform: four service processes, shared by one module's scenarios."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from tests.chaos.platform import Platform
from tests.service_procs import process_group


@pytest.fixture(scope="module")
def platform(
    request: pytest.FixtureRequest, vhost_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    """The platform on its own namespace (about 10 s to start); every process stopped after.

    A scenario may SIGKILL and restart any service, but leaves each running without a fault
    plan, so the next scenario of the module starts from a whole platform. A module may set
    DELIVERY_LIMIT (default 10).
    """
    root = tmp_path_factory.mktemp("platform")
    with process_group() as group:
        limit = getattr(request.module, "DELIVERY_LIMIT", 10)
        running = Platform(vhost_url, f"chaos{uuid.uuid4().hex[:8]}", root, group, limit)
        asyncio.run(running.start_all())
        yield running
