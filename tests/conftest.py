"""Fixtures shared by every test: a real RabbitMQ vhost per session, a namespace per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from shared.store import register_adapter
from tests.fakes.memory_store import MemoryStore
from tests.harness import broker_reachable, temporary_vhost

# `memory://` builds the in-memory fake of the store port (tests only; no service ships it).
register_adapter("memory", lambda _url: MemoryStore())


@pytest.fixture(scope="session")
def vhost_url() -> Iterator[str]:
    """AMQP URL of a fresh vhost on the machine's RabbitMQ (deleted after the session)."""
    if not broker_reachable():
        pytest.fail(
            "RabbitMQ is not reachable on 127.0.0.1:5672; `make test` starts it "
            "(or run `rabbitmq-server -detached`)"
        )
    with temporary_vhost() as url:
        yield url


@pytest.fixture
def namespace() -> str:
    """A unique exchange/queue prefix for one test."""
    return f"t{uuid.uuid4().hex[:10]}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long chaos scenarios run only when asked for (`make chaos`, i.e. `-m chaos`)."""
    if "chaos" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="a long chaos scenario: `make chaos` runs it")
    for item in items:
        # The marker, not the keyword: `chaos` is also the name of the tests/chaos package.
        if item.get_closest_marker("chaos") is not None:
            item.add_marker(skip)
