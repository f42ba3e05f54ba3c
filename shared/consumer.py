"""Idempotent consumption with an explicit ack policy.

For each message on a service's queue:
- unparseable body or data that fails its model -> dead-letter queue with the reason, ack;
- already processed by this consumer (keyed on consumer name and event id) -> ack, nothing else;
- handler succeeds -> its writes, its events and the processed marker commit in one write, ack;
- handler raises -> nack and requeue until the delivery limit, then dead-letter with the reason;
- the store cannot write (disk full) -> the message stays unacknowledged while the handler is
  run again after a pause, so a full disk never uses up deliveries or dead-letters anything.
Never faststream's default of dropping a message whose handler raised.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, RabbitBroker, RabbitQueue
from faststream.rabbit.message import RabbitMessage
from pydantic import ValidationError

from shared import faults
from shared.clock import Clock, iso, utcnow
from shared.context import Causality, caused_by
from shared.deadletters import DeadLetters
from shared.envelope import Envelope, EventData
from shared.logging import get_logger
from shared.metrics import Metrics
from shared.store import (
    Delete,
    DocumentStore,
    DuplicateKeyError,
    Index,
    Insert,
    Query,
    StoreUnavailable,
    VersionConflictError,
)
from shared.topology import Names
from shared.uow import UnitOfWork

PROCESSED = "processed"
#: In-process re-runs of a handler that lost an optimistic race, before it counts as failed.
CONFLICT_RETRIES = 20
#: Pauses between runs of a handler whose store could not write (a full disk): first, longest.
STORE_PAUSE_FIRST, STORE_PAUSE_MAX = 0.5, 5.0
INDEXES = (Index(PROCESSED, ("consumer", "processed_at")),)
log = get_logger(__name__)

#: `async def on_<event>(uow, ctx, envelope, data)`: stage the effects in `uow` (the consumer
#: commits them with its processed marker); `ctx` is the service context of `ServiceSpec`.
Handler = Callable[[UnitOfWork, Any, Envelope, EventData], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """A consumed event type: the fields the consumer needs, and what it does with them."""

    model: type[EventData]
    handler: Handler


class Consumer:
    """One service's queue consumer: dispatch by event type, exactly-once effects."""

    def __init__(
        self,
        *,
        name: str,
        source: str,
        store: DocumentStore,
        subscriptions: dict[str, Subscription],
        metrics: Metrics,
        delivery_limit: int,
        on_commit: Callable[[], None] | None = None,
        fallback: Subscription | None = None,
        clock: Clock = utcnow,
        serial: bool = False,
        context: Any = None,
    ) -> None:
        self.name = name
        self._context = context
        self._source = source
        self._store = store
        self._subs = subscriptions
        self._fallback = fallback
        self._metrics = metrics
        self._limit = delivery_limit
        self._on_commit = on_commit
        self._clock = clock
        self.dead_letters: DeadLetters | None = None
        # A consumer whose writes all touch one document (audit's chain head) handles one
        # message at a time instead of losing most commits to version conflicts.
        self._serial = asyncio.Lock() if serial else None

    async def purge_processed(self, older_than: timedelta, *, batch: int = 500) -> int:
        """Delete this consumer's processed markers older than `older_than`; how many."""
        cutoff = iso(self._clock() - older_than)
        deleted = 0
        while True:
            old = await self._store.find(
                PROCESSED,
                Query({"consumer": self.name, "processed_at": {"$lt": cutoff}}, limit=batch),
            )
            if not old.items:
                return deleted
            await self._store.write([Delete(PROCESSED, d["_id"], d["_v"]) for d in old.items])
            deleted += len(old.items)

    def attach(self, broker: RabbitBroker, names: Names, prefetch: int) -> None:
        """Register the faststream subscriber for this consumer's (already declared) queue."""
        queue = RabbitQueue(names.queue(self.name), declare=False)
        broker.subscriber(
            queue,
            ack_policy=AckPolicy.MANUAL,
            decoder=_raw_body,
            channel=_channel(prefetch),
            title=f"{self.name} consumer",
        )(self._make_entry(broker))

    def _make_entry(self, broker: RabbitBroker) -> Callable[[], Awaitable[None]]:
        async def on_message() -> None:
            await self.handle(broker.context.get_local("message"))

        on_message.__name__ = f"on_{self.name}_event"
        return on_message

    async def handle(self, message: RabbitMessage) -> None:
        """Process one delivery and settle it (ack, nack or dead-letter) exactly once."""
        raw = message.raw_message
        try:
            envelope = Envelope.from_bytes(raw.body)
        except (ValueError, ValidationError) as exc:
            await self._dead_letter(message, "unparseable", f"unparseable envelope: {_short(exc)}")
            return
        sub = self._subs.get(envelope.type, self._fallback)
        if sub is None:
            # Bound by the topology but not handled here: nothing to do, and nothing lost.
            self._metrics.consumed(self.name, envelope.type, "ignored").inc()
            await message.ack()
            return
        try:
            data = sub.model.model_validate(envelope.data)
        except ValidationError as exc:
            await self._dead_letter(message, "invalid", f"invalid {envelope.type}: {_short(exc)}")
            return
        causality = Causality(
            correlation_id=envelope.correlationid or envelope.id,
            causation_id=envelope.id,
            actor=envelope.actor,
        )
        with caused_by(causality, event_id=envelope.id, event_type=envelope.type):
            if self._serial is None:
                await self._process(message, envelope, data, sub)
                return
            async with self._serial:
                await self._process(message, envelope, data, sub)

    async def _process(
        self, message: RabbitMessage, envelope: Envelope, data: EventData, sub: Subscription
    ) -> None:
        # CloudEvents makes (source, id) unique, not id alone: two campus systems may reuse ids.
        key = f"{self.name}:{envelope.source}:{envelope.id}"
        if await self._store.get(PROCESSED, key) is not None:
            self._metrics.consumed(self.name, envelope.type, "duplicate").inc()
            await message.ack()
            return
        started = time.perf_counter()
        try:
            await self._until_stored(envelope, data, sub, key)
        except DuplicateKeyError as exc:
            if await self._store.get(PROCESSED, key) is not None:
                self._metrics.consumed(self.name, envelope.type, "duplicate").inc()
                await message.ack()
                return
            await self._retry_or_dead_letter(message, envelope, exc)
            return
        except Exception as exc:  # any handler failure is settled, never dropped
            await self._retry_or_dead_letter(message, envelope, exc)
            return
        self._metrics.handler_seconds(self.name, envelope.type).observe(
            time.perf_counter() - started
        )
        self._metrics.consumed(self.name, envelope.type, "processed").inc()
        log.info("event.consumed", consumer=self.name)
        await message.ack()

    async def _until_stored(
        self, envelope: Envelope, data: EventData, sub: Subscription, key: str
    ) -> None:
        """Handler and commit, run again after a pause while the store cannot write.

        The delivery stays unacknowledged meanwhile (redelivered if this process dies): a full
        disk is no fault of the message, so nacking it would spend its deliveries and
        dead-letter good events. The trade-off: up to `prefetch` messages wait in this process.
        """
        pause = STORE_PAUSE_FIRST
        while True:
            try:
                await self._run_handler(envelope, data, sub, key)
                return
            except StoreUnavailable as exc:
                self._metrics.consumed(self.name, envelope.type, "store_unavailable").inc()
                log.warning("event.store_unavailable", consumer=self.name, error=_short(exc))
                await asyncio.sleep(pause)
                pause = min(pause * 2, STORE_PAUSE_MAX)

    async def _run_handler(
        self, envelope: Envelope, data: EventData, sub: Subscription, key: str
    ) -> None:
        """Handler and commit; a lost optimistic race re-reads and runs again, in-process.

        A version conflict means another message changed the same document first: it is not a
        failure of this message, so it must not use up the message's deliveries.
        """
        for attempt in range(1, CONFLICT_RETRIES + 1):
            uow = UnitOfWork(
                self._store, source=self._source, clock=self._clock, on_commit=self._on_commit
            )
            marker = Insert(
                PROCESSED,
                {
                    "_id": key,
                    "consumer": self.name,
                    "type": envelope.type,
                    "processed_at": iso(self._clock()),
                },
            )
            try:
                await sub.handler(uow, self._context, envelope, data)
                faults.point("consumer_before_commit")  # mid-handler: staged, nothing written
                await uow.commit(extra=[marker])
                faults.point("consumer_after_commit")  # committed, not yet acknowledged
                return
            except VersionConflictError:
                if attempt == CONFLICT_RETRIES:
                    raise
                await asyncio.sleep(random.uniform(0, 0.01 * attempt))

    async def _retry_or_dead_letter(
        self, message: RabbitMessage, envelope: Envelope, exc: Exception
    ) -> None:
        attempt = _delivery_count(message) + 1
        if attempt >= self._limit:
            reason = f"handler failed {attempt} times: {_short(exc)}"
            await self._dead_letter(message, "handler", reason, event_type=envelope.type)
            return
        log.warning("event.retry", consumer=self.name, attempt=attempt, error=_short(exc))
        self._metrics.consumed(self.name, envelope.type, "retried").inc()
        await asyncio.sleep(min(0.05 * 2**attempt, 2.0))
        await message.nack(requeue=True)

    async def _dead_letter(
        self, message: RabbitMessage, kind: str, reason: str, *, event_type: str = "unknown"
    ) -> None:
        if self.dead_letters is None:
            raise RuntimeError("consumer started without a dead-letter publisher")
        await self.dead_letters.send(self.name, message.raw_message, reason)
        self._metrics.dead_lettered(self.name, kind).inc()
        self._metrics.consumed(self.name, event_type, "dead_lettered").inc()
        log.error("event.dead_lettered", consumer=self.name, reason=reason)
        await message.ack()


def _delivery_count(message: RabbitMessage) -> int:
    """Earlier deliveries of this message, as the quorum queue counts them."""
    headers = message.raw_message.headers or {}
    value: Any = headers.get("x-delivery-count", 0)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


async def _raw_body(message: RabbitMessage) -> bytes:
    # Keep the body as bytes: parsing happens in `Consumer.handle`, where failures dead-letter.
    return message.body


def _channel(prefetch: int) -> Channel:
    return Channel(prefetch_count=prefetch)


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 600 else text[:600] + "…"
