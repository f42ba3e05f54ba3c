"""The relay's publishing side: one confirming channel, a window of confirms in flight, and a new
channel after any broker failure.

While the broker is down, a batch fails at once on the closed channel; the relay used to try
the whole batch again every quarter second (31,000 failed publishes a minute in the broker-crash
scenario). Now a channel that failed for the broker is closed, and the next batch first opens a
new one, which waits for the connection to come back and counts as the relay's failure (with its
doubling backoff) when it cannot. A new channel also keeps the relay out of aio-pika's
channel-restore path, where races are known (aio-pika#671).

Publishes that are never confirmed (a queue the broker cannot write, such as a quorum queue left
without a leader) time out after CONFIRM_TIMEOUT_SECONDS: the entries keep their place in the
outbox and are published again, so nothing is lost while the broker cannot take them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

import aio_pika
import pamqp.commands
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection

from shared.logging import get_logger
from shared.metrics import Metrics
from shared.outbox import amqp_message
from shared.store import Doc

log = get_logger(__name__)

#: Seconds to wait for a channel to open or close (the connection may be reconnecting).
CHANNEL_TIMEOUT_SECONDS = 10.0
#: Seconds to wait for one publish's confirm.
CONFIRM_TIMEOUT_SECONDS = 30.0


class BrokerUnavailable(Exception):
    """No channel could be opened: nothing of the batch was tried."""


class ConfirmingPublisher:
    """Publishes outbox entries to the events exchange and says, per entry, how it went."""

    def __init__(
        self, connection: AbstractRobustConnection, exchange: str, metrics: Metrics, window: int
    ) -> None:
        self._connection = connection
        self._exchange_name = exchange
        self._metrics = metrics
        self._window = window
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None

    async def publish(self, entries: Sequence[Doc]) -> list[str | None]:
        """Publish every entry, at most `window` unconfirmed at once; per entry None (confirmed)
        or why not: `unroutable: …`, `nack: …` (the entry's fault), `broker: …` (not its fault).
        Raises `BrokerUnavailable` when no channel could be opened."""
        exchange = await self._ready()
        gate = asyncio.Semaphore(self._window)

        async def one(entry: Doc) -> str | None:
            async with gate:
                try:
                    await exchange.publish(
                        amqp_message(entry["envelope"]),
                        routing_key=entry["routing_key"],
                        mandatory=True,
                        timeout=CONFIRM_TIMEOUT_SECONDS,
                    )
                except aio_pika.exceptions.DeliveryError as exc:
                    returned = isinstance(exc.frame, pamqp.commands.Basic.Return)
                    reason = "unroutable" if returned else "nack"
                    self._metrics.publish_failures(reason).inc()
                    return f"{reason}: {exc!r}"[:500]
                except (aio_pika.exceptions.AMQPError, OSError, TimeoutError, RuntimeError) as exc:
                    self._metrics.publish_failures("broker").inc()
                    return f"broker: {exc!r}"[:500]
                return None

        outcomes = await asyncio.gather(*(one(e) for e in entries))
        broker = [error for error in outcomes if error is not None and error.startswith("broker")]
        for entry, error in zip(entries, outcomes, strict=True):
            if error is not None and not error.startswith("broker"):
                log.warning("outbox.publish_failed", event_id=entry["_id"], error=error)
        if broker:
            log.warning("outbox.broker_unavailable", entries=len(broker), error=broker[0])
            await self.close()
        return list(outcomes)

    async def close(self) -> None:
        """Close the channel, whatever its state; the next batch opens a new one."""
        channel, self._channel, self._exchange = self._channel, None, None
        if channel is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(channel.close(), timeout=CHANNEL_TIMEOUT_SECONDS)

    async def _ready(self) -> AbstractExchange:
        if self._exchange is not None:
            return self._exchange
        try:
            channel = await asyncio.wait_for(
                self._connection.channel(publisher_confirms=True, on_return_raises=True),
                timeout=CHANNEL_TIMEOUT_SECONDS,
            )
        except (aio_pika.exceptions.AMQPError, OSError, TimeoutError, RuntimeError) as exc:
            raise BrokerUnavailable(f"no channel: {exc!r}") from exc
        self._channel = channel
        try:
            self._exchange = await channel.get_exchange(self._exchange_name, ensure=False)
        except Exception as exc:
            await self.close()
            raise BrokerUnavailable(f"no exchange: {exc!r}") from exc
        return self._exchange
