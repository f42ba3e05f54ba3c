"""Fixtures for the notifications unit tests: the app on a memory store, without a broker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from services.notifications.handlers.context import NotificationsContext
from services.notifications.main import build
from services.notifications.repository import INDEXES
from services.notifications.settings import NotificationsSettings
from shared import consumer, outbox
from shared.clock import FrozenClock
from shared.uow import UnitOfWork
from tests.fakes.memory_store import MemoryStore
from tests.harness import routes_client

START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def ctx(clock: FrozenClock) -> NotificationsContext:
    """The service context its handlers take, on the test clock."""
    return NotificationsContext.from_settings(NotificationsSettings(), clock)


@pytest.fixture
async def store() -> MemoryStore:
    memory = MemoryStore()
    await memory.open()
    await memory.ensure_indexes([*outbox.INDEXES, *consumer.INDEXES, *INDEXES])
    return memory


@pytest.fixture
def new_uow(store: MemoryStore, clock: FrozenClock):
    """A factory of units of work on the memory store, as the consumer makes them."""

    def make(actor: str | None = None) -> UnitOfWork:
        return UnitOfWork(store, source="/campus-logistics/notifications", clock=clock, actor=actor)

    return make


@pytest.fixture(params=["memory", "sqlite"])
async def client(request, clock: FrozenClock, tmp_path) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client of the app on each store adapter; routes only (no broker, no relay)."""
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'notifications.db'}"
    app = build(NotificationsSettings(store_url=url), clock=clock)
    async with routes_client(app, base_url="http://notifications") as http:
        from services.notifications.handlers.rules import load_rules_file
        from services.notifications.subscribers import SYSTEM

        await load_rules_file(app.runtime.uow(SYSTEM), app.runtime.context, SYSTEM)
        yield http


@pytest.fixture
async def rules(store, new_uow, ctx) -> int:
    """The default rules of deploy/notifications/rules.toml, loaded as at start."""
    from services.notifications.handlers.rules import load_rules_file
    from services.notifications.subscribers import SYSTEM

    return await load_rules_file(new_uow("deploy"), ctx, SYSTEM)
