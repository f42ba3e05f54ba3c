"""Fixtures shared by every test: a real RabbitMQ vhost per session, a namespace per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from shared.testing import broker_reachable, temporary_vhost


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
