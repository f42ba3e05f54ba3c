"""Fixtures for the canteen unit tests: the app on a memory store, without a broker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from services.canteen.main import build
from services.canteen.settings import CanteenSettings
from shared.clock import FrozenClock
from tests.harness import routes_client

# 08:30 in Shanghai on 3 March 2025: the campus day is 2025-03-03.
START = datetime(2025, 3, 3, 0, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture(params=["memory", "sqlite"])
async def client(request, clock: FrozenClock, tmp_path) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client of the app on each store adapter; routes only (no broker, no relay)."""
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'canteen.db'}"
    app = build(CanteenSettings(store_url=url), clock=clock)
    async with routes_client(app, base_url="http://canteen") as http:
        yield http
