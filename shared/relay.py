"""The outbox relay: publishes a store's pending entries with a window of confirms in flight
(`shared.publisher`), and marks each sent once the broker confirmed it.

See `shared.outbox` for the entries and their life; only the holder of the store's lease
publishes, so two relays on one store do not both send an entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from datetime import timedelta

from aio_pika.abc import AbstractRobustConnection

from shared import faults
from shared.clock import Clock, iso, parse_iso, utcnow
from shared.lease import Lease
from shared.logging import get_logger
from shared.metrics import Metrics
from shared.outbox import (
    FAILED,
    OUTBOX,
    PENDING,
    RETRYING,
    SENT,
    after_failure,
)
from shared.publisher import ConfirmingPublisher
from shared.store import Delete, Doc, DocumentStore, Query, Replace
from shared.topology import Names, connect, declare_topology

log = get_logger(__name__)


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
        self._reconnected = asyncio.Event()
        self._connection: AbstractRobustConnection | None = None
        self._publisher: ConfirmingPublisher | None = None
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
        #: Whether this process's relay holds the store's lease (publishes); of the replicas of
        #: one service exactly one should, and only it measures the backlog (the others say 0).
        self.leader = False
        metrics.gauge(
            "campus_outbox_relay_leader",
            "1 while this process's relay holds its store's lease and publishes, else 0.",
            lambda: float(self.leader),
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

    def _on_reconnect(self, *_: object) -> None:
        self._reconnected.set()

    def notify(self) -> None:
        """Wake the relay now (called after a commit that wrote outbox entries)."""
        self._wake.set()

    async def start(self) -> None:
        """Connect, declare the topology and start the publishing loop."""
        self._connection = await connect(self._url)
        self._connection.reconnect_callbacks.add(self._on_reconnect)
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
        self._publisher = ConfirmingPublisher(
            self._connection, self._names.events, self._metrics, self._window
        )
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
        self.leader = False
        await self.lease.release()
        if self._publisher is not None:
            await self._publisher.close()
            self._publisher = None
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def _run(self) -> None:
        backoff = self._idle
        while True:
            try:
                published = await self.relay_once()
                backoff = self._idle
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the relay must outlive store and broker outages
                log.error("outbox.relay_failed", error=repr(exc))
                published = 0
                backoff = min(backoff * 2, 5.0)
                self._reconnected.clear()  # a reconnection ends the pause early
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._reconnected.wait(), timeout=backoff)
            if published == 0:
                await self._purge_when_due()
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self._idle)
                except TimeoutError:
                    pass

    async def relay_once(self) -> int:
        """Publish one batch of pending entries; returns how many were confirmed."""
        if not await self.lease.hold():
            # Another replica publishes and measures; a stale figure here would double-count.
            self.leader, self.backlog, self.oldest_age_seconds = False, 0, 0.0
            await asyncio.sleep(self.lease.seconds / 3)
            return 0
        self.leader = True
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
        assert self._publisher is not None, "not started"
        outcomes = await self._publisher.publish(entries)
        faults.point("relay_after_publish")
        now = iso(clock_now)
        ops: list[Replace] = []
        confirmed = 0
        broker_down = False  # those entries keep their place; the publisher's channel is new
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
