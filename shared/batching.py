"""Batched consumption: several messages in one transaction, acknowledged after its commit.

For a consumer whose every write touches one document (audit's chain head), handling one message
at a time costs a transaction per event. A `BatchSubscription` instead hands the consumer's
handler every message that has arrived (in delivery order, up to `max_size`) at once: the handler
stages their effects in one unit of work and says which were new; the batch commits in one
write and every message of it is acknowledged only after that commit. The handler's own check
(audit: the records' unique dedup key, read once per batch) is the only duplicate check: no
processed markers are written, so a redelivery after a crash between commit and ack is
recognised by the same key that the commit stored.

A batch that fails is split and each message is retried alone, so one bad message costs only its
own deliveries (nack and requeue, then the dead-letter queue), never its neighbours'.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from faststream.rabbit.message import RabbitMessage

from shared import faults
from shared.envelope import Envelope, EventData
from shared.logging import get_logger
from shared.store import DuplicateKeyError, StoreUnavailable, VersionConflictError
from shared.uow import UnitOfWork

if TYPE_CHECKING:
    from shared.consumer import Consumer

log = get_logger(__name__)

#: `async def on_events(uow, ctx, envelopes) -> [new?, ...]`: stage the effects of every envelope
#: in order; one flag per envelope, False for one already handled (acked as a duplicate).
BatchHandler = Callable[[UnitOfWork, Any, Sequence[Envelope]], Awaitable[Sequence[bool]]]


@dataclass(frozen=True)
class BatchSubscription:
    """Every type the consumer receives: the data model each must pass, and the batch handler.

    Handlers that emit events should not batch: a batch has no single cause to name.
    """

    model: type[EventData]
    handler: BatchHandler
    max_size: int = 256


@dataclass(frozen=True)
class Pending:
    message: RabbitMessage
    envelope: Envelope


class Batcher:
    """The queue of validated messages waiting for a batch, and the task that commits them."""

    def __init__(self, consumer: Consumer, subscription: BatchSubscription) -> None:
        self._consumer = consumer
        self._sub = subscription
        self._pending: asyncio.Queue[Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def submit(self, message: RabbitMessage, envelope: Envelope) -> None:
        """Queue a validated message (settled later, after its batch commits)."""
        self._pending.put_nowait(Pending(message, envelope))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name=f"{self._consumer.name}-batches")

    async def close(self) -> None:
        """Stop taking batches; unsettled messages are redelivered by the broker."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            batch = [await self._pending.get()]
            while len(batch) < self._sub.max_size and not self._pending.empty():
                batch.append(self._pending.get_nowait())
            try:
                await self._settle(batch)
            except Exception as exc:  # an ack lost with its channel: the broker redelivers
                log.error("event.batch_unsettled", consumer=self._consumer.name, error=repr(exc))

    async def _settle(self, batch: list[Pending]) -> None:
        consumer = self._consumer
        started = time.perf_counter()
        try:
            fresh = await self._until_stored(batch)
        except Exception as exc:  # settled below: retried alone, requeued or dead-lettered
            if len(batch) == 1:
                await consumer.retry_or_dead_letter(batch[0].message, batch[0].envelope, exc)
                return
            log.warning("event.batch_split", consumer=consumer.name, size=len(batch))
            for item in batch:
                await self._settle([item])
            return
        each = (time.perf_counter() - started) / len(batch)
        for item, new in zip(batch, fresh, strict=True):
            metrics, outcome = consumer.metrics, "processed" if new else "duplicate"
            metrics.consumed(consumer.name, item.envelope.type, outcome).inc()
            if new:
                metrics.handler_seconds(consumer.name, item.envelope.type).observe(each)
        log.info("event.batch_consumed", consumer=consumer.name, size=len(batch))
        await asyncio.gather(*(item.message.ack() for item in batch))

    async def _until_stored(self, batch: list[Pending]) -> Sequence[bool]:
        """The commit, run again after a pause while the store cannot write (a full disk): the
        messages stay unacknowledged and spend no deliveries, as in `Consumer._until_stored`."""
        from shared.consumer import STORE_PAUSE_FIRST, STORE_PAUSE_MAX

        consumer, pause = self._consumer, STORE_PAUSE_FIRST
        while True:
            try:
                return await self._commit(batch)
            except StoreUnavailable as exc:
                for item in batch:
                    consumer.metrics.consumed(
                        consumer.name, item.envelope.type, "store_unavailable"
                    ).inc()
                log.warning("event.store_unavailable", consumer=consumer.name, error=str(exc))
                await asyncio.sleep(pause)
                pause = min(pause * 2, STORE_PAUSE_MAX)

    async def _commit(self, batch: list[Pending]) -> Sequence[bool]:
        """Handler and commit; a lost race (version or a key another writer just stored) re-runs
        in-process, since it is no failure of these messages."""
        consumer = self._consumer
        for attempt in range(1, consumer.conflict_retries + 1):
            uow = consumer.unit_of_work()
            try:
                fresh = await self._sub.handler(
                    uow, consumer.context, [item.envelope for item in batch]
                )
                faults.point("consumer_before_commit")  # mid-handler: staged, nothing written
                await uow.commit()
                faults.point("consumer_after_commit")  # committed, not yet acknowledged
                return fresh
            except (VersionConflictError, DuplicateKeyError):
                if attempt == consumer.conflict_retries:
                    raise
                await asyncio.sleep(random.uniform(0, 0.01 * attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")
