"""Dead letters: the copy of a rejected message, with the reason, in the consumer's DLQ.

The consumer sends a message here after the delivery limit (or at once, when it cannot be
parsed); `campus dlq redrive` copies it back to the consumer's queue. Both copy a message the
same way (`copy_of`): body, ids, type and content type kept, headers given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from shared.topology import Names

REASON_HEADER = "x-dead-letter-reason"
REDRIVEN_HEADER = "x-redriven"


def copy_of(message: AbstractIncomingMessage, headers: Mapping[str, Any]) -> aio_pika.Message:
    """A persistent copy of a received message with the given headers."""
    return aio_pika.Message(
        body=message.body,
        headers=dict(headers),
        content_type=message.content_type,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        type=message.type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )


class DeadLetters:
    """Publishes rejected messages to the consumer's dead-letter queue, with the reason."""

    def __init__(self, connection: AbstractRobustConnection, names: Names) -> None:
        self._connection = connection
        self._names = names
        self._channel: aio_pika.abc.AbstractChannel | None = None

    async def send(self, consumer: str, raw: AbstractIncomingMessage, reason: str) -> None:
        """Copy the message to `<ns>.<consumer>.dlq` with the reason; returns after the confirm."""
        if self._channel is None or self._channel.is_closed:
            self._channel = await self._connection.channel(publisher_confirms=True)
        exchange = await self._channel.get_exchange(self._names.dead_letters, ensure=False)
        headers = dict(raw.headers or {})
        headers.update(
            {
                REASON_HEADER: reason[:1000],
                "x-original-routing-key": raw.routing_key or "",
                "x-original-exchange": raw.exchange or "",
                "x-consumer": consumer,
            }
        )
        await exchange.publish(copy_of(raw, headers), routing_key=self._names.queue(consumer))
