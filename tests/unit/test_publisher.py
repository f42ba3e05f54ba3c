"""The relay's publisher replaces a channel that failed for the broker, and tries no batch while
no channel opens. Fakes stand in for aio-pika's connection, channel and exchange here (the real
broker's restarts are tests/chaos/test_broker_crash.py); they are named as fakes."""

from __future__ import annotations

import aio_pika
import pamqp.commands
import pytest

from shared.metrics import Metrics
from shared.publisher import BrokerUnavailable, ConfirmingPublisher


class FakeExchange:
    def __init__(self, channel: FakeChannel) -> None:
        self.channel = channel

    async def publish(self, message: aio_pika.Message, routing_key: str, **_: object) -> None:
        if self.channel.broken:  # a channel whose confirms never come: each publish times out
            raise TimeoutError()
        if routing_key == "nobody.listens":
            raise aio_pika.exceptions.DeliveryError(None, pamqp.commands.Basic.Nack())  # its fault
        self.channel.published.append(message.message_id)


class FakeChannel:
    def __init__(self, broken: bool) -> None:
        self.broken, self.closed, self.published = broken, False, []

    async def get_exchange(self, name: str, ensure: bool) -> FakeExchange:
        return FakeExchange(self)

    async def close(self) -> None:
        self.closed = True


class FakeConnection:
    """Hands out the channels of `plan` in turn (True: a broken one; an exception: raised)."""

    def __init__(self, *plan: bool | Exception) -> None:
        self.plan, self.channels = list(plan), []

    async def channel(self, **_: object) -> FakeChannel:
        step = self.plan.pop(0)
        if isinstance(step, Exception):
            raise step
        self.channels.append(FakeChannel(broken=step))
        return self.channels[-1]


def entries(*ids: str, key: str = "assets.asset.registered.v1") -> list[dict]:
    envelope = {"id": "", "type": key, "time": "2026-12-01T12:00:00+00:00", "source": "/t"}
    return [{"_id": i, "routing_key": key, "envelope": {**envelope, "id": i}} for i in ids]


def publisher(connection: FakeConnection) -> ConfirmingPublisher:
    return ConfirmingPublisher(connection, "campus.events", Metrics("unit"), window=16)  # type: ignore[arg-type]


async def test_a_channel_that_failed_for_the_broker_is_closed_and_a_new_one_publishes():
    connection = FakeConnection(True, False)
    sender = publisher(connection)
    first = await sender.publish(entries("e1", "e2"))
    assert all(outcome is not None and outcome.startswith("broker") for outcome in first)
    assert connection.channels[0].closed
    assert await sender.publish(entries("e1", "e2")) == [None, None]
    assert connection.channels[1].published == ["e1", "e2"]
    assert not connection.channels[1].closed


async def test_an_entry_the_broker_refuses_keeps_the_channel():
    connection = FakeConnection(False)
    sender = publisher(connection)
    outcomes = await sender.publish([*entries("e1"), *entries("e2", key="nobody.listens")])
    assert outcomes[0] is None and outcomes[1] is not None and outcomes[1].startswith("nack")
    assert await sender.publish(entries("e3")) == [None]
    assert len(connection.channels) == 1 and not connection.channels[0].closed


async def test_no_channel_means_nothing_is_tried_and_the_next_batch_tries_again():
    connection = FakeConnection(aio_pika.exceptions.AMQPConnectionError("refused"), False)
    sender = publisher(connection)
    with pytest.raises(BrokerUnavailable):
        await sender.publish(entries("e1"))
    assert connection.channels == []
    assert await sender.publish(entries("e1")) == [None]
