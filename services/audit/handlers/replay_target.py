"""The AMQP side of replay: a confirm channel on the relay's connection, default exchange."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

import aio_pika
import aiormq
from aio_pika.abc import AbstractChannel, AbstractRobustConnection

from shared.errors import Conflict
from shared.outbox import amqp_message

#: Replay queues are quorum queues like every platform queue.
REPLAY_QUEUE_ARGUMENTS = {"x-queue-type": "quorum"}


class AmqpReplayTarget:
    """Publishes replayed events straight to a queue, persistent, with publisher confirms.

    `connection` is asked for the live connection when the target is opened (the relay's; it
    may be down or reconnecting), so building a target does no I/O.
    """

    def __init__(
        self,
        connection: Callable[[], AbstractRobustConnection | None],
        *,
        window: int = 256,
    ) -> None:
        self._connection_of = connection
        self._window = window
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractChannel | None = None

    async def __aenter__(self) -> AmqpReplayTarget:
        connection = self._connection_of()
        if connection is None or connection.is_closed:
            raise Conflict("not connected to the broker; retry")
        self._connection = connection
        self._channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
        self._channel = None
        self._connection = None

    async def declare(self, queue: str) -> None:
        """Use the queue if it exists (as its owner declared it), else declare it durable."""
        if await self._exists(queue):
            return
        assert self._channel is not None
        try:
            await self._channel.declare_queue(queue, durable=True, arguments=REPLAY_QUEUE_ARGUMENTS)
        except aiormq.exceptions.ChannelPreconditionFailed as exc:
            raise Conflict(f"queue {queue} exists with other arguments", queue=queue) from exc

    async def _exists(self, queue: str) -> bool:
        # A passive declare of a missing queue closes its channel: probe on a channel of its own.
        assert self._connection is not None
        probe = await self._connection.channel()
        try:
            await probe.declare_queue(queue, passive=True)
            return True
        except aiormq.exceptions.ChannelNotFoundEntity:
            return False
        finally:
            if not probe.is_closed:
                await probe.close()

    async def publish(self, queue: str, events: Sequence[dict[str, Any]]) -> None:
        """Publish in the given order with a window of confirms in flight; raise on any failure.

        The channel's publish lock is FIFO and tasks start in order, so messages reach the
        broker, and the queue, in the order given.
        """
        assert self._channel is not None
        exchange = self._channel.default_exchange
        gate = asyncio.Semaphore(self._window)

        async def one(event: dict[str, Any]) -> None:
            async with gate:
                await exchange.publish(
                    amqp_message(event), routing_key=queue, mandatory=True, timeout=30
                )

        try:
            await asyncio.gather(*(one(e) for e in events))
        except aio_pika.exceptions.DeliveryError as exc:
            raise Conflict(f"the broker refused a replayed event for {queue}: {exc!r}") from exc
