"""The transactional outbox and its relay.

A state change and the events it causes are written in one atomic store write (see `uow`). The
relay publishes pending entries with publisher confirms, a window of them in flight at once, and
marks each sent only after its confirm. Entries move pending -> sent; a failed publish leaves the
entry pending with its error. Only the holder of a lease publishes, so two relays on one store do
not both send an entry (a relay paused past its lease can still duplicate: consumers dedup).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import aio_pika
import pamqp.commands
from aio_pika.abc import AbstractRobustConnection

from shared import faults
from shared.clock import Clock, iso, parse_iso, utcnow
from shared.envelope import CONTENT_TYPE, Envelope
from shared.lease import Lease
from shared.logging import get_logger
from shared.metrics import Metrics
from shared.store import (
    Delete,
    Doc,
    DocumentStore,
    Index,
    Insert,
    Query,
    Replace,
)
from shared.topology import Names, connect, declare_topology

OUTBOX = "outbox"
PENDING, RETRYING, SENT, FAILED = "pending", "retrying", "sent", "failed"
INDEXES = (
    Index(OUTBOX, ("status", "order")),
    Index(OUTBOX, ("status", "sent_at")),
    Index(OUTBOX, ("status", "next_attempt_at")),
)
#: Wait before the n-th retry of an entry: 1 s, 2 s, 4 s … up to five minutes.
RETRY_BASE_SECONDS, RETRY_MAX_SECONDS = 1.0, 300.0
log = get_logger(__name__)


def outbox_insert(envelope: Envelope, order: str) -> Insert:
    """The outbox entry for one event, to be written with the state change that caused it."""
    return Insert(
        OUTBOX,
        {
            "_id": envelope.id,
            "status": "pending",
            "order": order,
            "routing_key": envelope.type,
            "created_at": iso(envelope.time),
            "envelope": envelope.to_json(),
            "attempts": 0,
            "last_error": None,
            "sent_at": None,
        },
    )


def retry_delay(attempts: int) -> float:
    """Seconds before the next publish of an entry that failed `attempts` times."""
    return min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))


def after_failure(entry: Doc, error: str, *, now: datetime, max_attempts: int) -> Doc:
    """The entry after one more failed publish: retrying later, or failed for good."""
    attempts = entry["attempts"] + 1
    changed = {**entry, "attempts": attempts, "last_error": error}
    if attempts >= max_attempts:
        return {**changed, "status": FAILED, "failed_at": iso(now), "next_attempt_at": None}
    due = now + timedelta(seconds=retry_delay(attempts))
    return {**changed, "status": RETRYING, "next_attempt_at": iso(due)}


def amqp_message(envelope_json: dict[str, Any]) -> aio_pika.Message:
    """Structured-mode CloudEvents message: persistent, message_id = event id.

    The envelope was validated when it was recorded; the relay does not parse it again.
    """
    return aio_pika.Message(
        body=json.dumps(envelope_json, ensure_ascii=False, separators=(",", ":")).encode(),
        content_type=CONTENT_TYPE,
        content_encoding="utf-8",
        message_id=envelope_json["id"],
        correlation_id=envelope_json.get("correlationid"),
        timestamp=parse_iso(envelope_json["time"]),
        type=envelope_json["type"],
        app_id=envelope_json["source"],
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )


class OutboxRelay:
    """Publishes a store's pending outbox entries to the events exchange."""

    def __init__(
        self,
        *,
        store: DocumentStore,
        amqp_url: str,
        names: Names,
        metrics: Metrics,
        delivery_limit: int,
        window: int = 256,
        batch: int = 500,
        idle_seconds: float = 0.2,
        lease_seconds: float = 15.0,
        clock: Clock = utcnow,
        subscriptions: dict[str, tuple[str, ...]] | None = None,
        declare: bool = True,
        retention_hours: float = 168.0,
        max_attempts: int = 10,
    ) -> None:
        self._max_attempts = max_attempts
        self._store = store
        self._subscriptions = subscriptions
        self._declare = declare
        self._url = amqp_url
        self._names = names
        self._metrics = metrics
        self._delivery_limit = delivery_limit
        self._window = window
        self._batch = batch
        self._idle = idle_seconds
        self.lease = Lease(store, "relay", seconds=lease_seconds, clock=clock)
        self._retention = timedelta(hours=retention_hours)
        self._next_purge = 0.0
        self._clock = clock
        self._wake = asyncio.Event()
        self._connection: AbstractRobustConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self.backlog = 0
        self.failed = 0
        #: Whether entries may be waiting in `retrying` (so the relay looks for due ones).
        self._retrying = True
        self.oldest_age_seconds = 0.0
        metrics.gauge(
            "campus_outbox_backlog",
            "Outbox entries not yet published (pending or retrying).",
            self._backlog,
        )
        metrics.gauge(
            "campus_outbox_failed",
            "Outbox entries set aside after too many failed publishes (campus outbox list).",
            lambda: float(self.failed),
        )
        metrics.gauge(
            "campus_outbox_oldest_age_seconds",
            "Age of the oldest unpublished outbox entry.",
            self._oldest_age,
        )

    def _backlog(self) -> float:
        return float(self.backlog)

    def _oldest_age(self) -> float:
        return self.oldest_age_seconds

    @property
    def connection(self) -> AbstractRobustConnection | None:
        """The relay's robust connection (shared with dead-lettering)."""
        return self._connection

    @property
    def connected(self) -> bool:
        """True while the relay's connection to the broker is open."""
        return self._connection is not None and not self._connection.is_closed

    def notify(self) -> None:
        """Wake the relay now (called after a commit that wrote outbox entries)."""
        self._wake.set()

    async def start(self) -> None:
        """Connect, declare the topology and start the publishing loop."""
        self._connection = await connect(self._url)
        if self._declare:
            channel = await self._connection.channel()
            await declare_topology(
                channel,
                self._names,
                delivery_limit=self._delivery_limit,
                subscriptions=self._subscriptions,
            )
            await channel.close()
        self.failed = await self._store.count(OUTBOX, {"status": FAILED})
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        """Stop the loop and close the connection; pending entries stay for the next start."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        await self.lease.release()
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def _run(self) -> None:
        assert self._connection is not None
        channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(self._names.events, ensure=False)
        backoff = self._idle
        while True:
            try:
                published = await self.relay_once(exchange)
                backoff = self._idle
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the relay must outlive store and broker outages
                log.error("outbox.relay_failed", error=repr(exc))
                published = 0
                backoff = min(backoff * 2, 5.0)
                await asyncio.sleep(backoff)
            if published == 0:
                await self._purge_when_due()
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self._idle)
                except TimeoutError:
                    pass

    async def relay_once(self, exchange: aio_pika.abc.AbstractExchange) -> int:
        """Publish one batch of pending entries; returns how many were confirmed."""
        if not await self.lease.hold():
            await asyncio.sleep(self.lease.seconds / 3)
            return 0
        clock_now = self._clock()
        page = await self._store.find(
            OUTBOX, Query({"status": PENDING}, sort=[("order", 1)], limit=self._batch)
        )
        entries = page.items
        if self._retrying and len(entries) < self._batch:
            due = await self._store.find(
                OUTBOX,
                Query(
                    {"status": RETRYING, "next_attempt_at": {"$lte": iso(clock_now)}},
                    sort=[("next_attempt_at", 1)],
                    limit=self._batch - len(entries),
                ),
            )
            entries = [*entries, *due.items]
        await self._measure(page.items)
        if not entries:
            return 0
        faults.point("relay_before_publish")
        outcomes = await self._publish_window(exchange, entries)
        faults.point("relay_after_publish")
        now = iso(clock_now)
        ops: list[Replace] = []
        confirmed = 0
        broker_down = False
        for entry, error in zip(entries, outcomes, strict=True):
            if error is None:
                confirmed += 1
                sent = {**entry, "status": SENT, "sent_at": now, "next_attempt_at": None}
                ops.append(Replace(OUTBOX, sent, entry["_v"]))
                self._metrics.published(entry["routing_key"]).inc()
                continue
            if error.startswith("broker"):
                # The broker, not the entry, failed: the entry keeps its place and its budget.
                broker_down = True
                continue
            later = after_failure(entry, error, now=clock_now, max_attempts=self._max_attempts)
            self._retrying = True
            if later["status"] == FAILED:
                self.failed += 1
                log.error("outbox.entry_failed", event_id=entry["_id"], error=error)
            ops.append(Replace(OUTBOX, later, entry["_v"]))
        if ops:
            await self._store.write(ops)
        if broker_down:
            await asyncio.sleep(min(5.0, self._idle * 5))
        return confirmed

    async def _publish_window(
        self, exchange: aio_pika.abc.AbstractExchange, entries: Sequence[Doc]
    ) -> list[str | None]:
        gate = asyncio.Semaphore(self._window)

        async def publish(entry: Doc) -> str | None:
            async with gate:
                try:
                    await exchange.publish(
                        amqp_message(entry["envelope"]),
                        routing_key=entry["routing_key"],
                        mandatory=True,
                        timeout=30,
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

        outcomes = await asyncio.gather(*(publish(e) for e in entries))
        for entry, error in zip(entries, outcomes, strict=True):
            if error is not None:
                log.warning("outbox.publish_failed", event_id=entry["_id"], error=error)
        return list(outcomes)

    async def _measure(self, pending: Sequence[Doc]) -> None:
        retrying = 0
        if self._retrying:
            retrying = await self._store.count(OUTBOX, {"status": RETRYING})
            self._retrying = retrying > 0
        if len(pending) < self._batch:
            self.backlog = len(pending) + retrying
        else:
            self.backlog = await self._store.count(OUTBOX, {"status": PENDING}) + retrying
        if pending:
            age = self._clock() - parse_iso(pending[0]["created_at"])
            self.oldest_age_seconds = max(0.0, age.total_seconds())
        else:
            self.oldest_age_seconds = 0.0

    async def _purge_when_due(self) -> None:
        """At most once a minute, and only when idle: drop sent entries past the retention."""
        if time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + 60.0
        try:
            await self.purge_sent()
            self.failed = await self._store.count(OUTBOX, {"status": FAILED})
        except Exception as exc:  # purging is housekeeping; publishing must go on
            log.error("outbox.purge_failed", error=repr(exc))

    async def purge_sent(self, batch: int = 500) -> int:
        """Delete sent entries older than the retention window; how many were deleted."""
        cutoff = iso(self._clock() - self._retention)
        deleted = 0
        while True:
            old = await self._store.find(
                OUTBOX,
                Query({"status": SENT, "sent_at": {"$lt": cutoff}}, limit=batch),
            )
            if not old.items:
                return deleted
            await self._store.write([Delete(OUTBOX, e["_id"], e["_v"]) for e in old.items])
            deleted += len(old.items)
