"""The outbound senders: background loops that send due deliveries and record what happened.

One `OutboundSender` per channel family (e-mail; webhooks and robots; SMS), so a slow mail
server never holds up a robot. Each pass (`step`) finds due lines of its channels, claims each
with a conditional replace (so two senders, in one process or several, never both send one),
sends the claimed ones a few at a time through its transport, and records each outcome with a
conditional replace on the claimed version, together with its event (`delivered` or `failed`),
in one atomic write.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from prometheus_client import CollectorRegistry, Counter

from services.notifications.domain.attempts import RetryPolicy, SendResult
from services.notifications.domain.notices import UNKNOWN, Notification
from services.notifications.domain.outbound import Outbound
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import deliveries as repo
from services.notifications.repository import notices as notices_repo
from shared.clock import iso
from shared.context import Causality, caused_by
from shared.logging import get_logger
from shared.store import DocumentStore, VersionConflictError
from shared.uow import UnitOfWork

if TYPE_CHECKING:
    from shared.service import Runtime

log = get_logger(__name__)
SOURCE = "/campus-logistics/notifications"


class Transport(Protocol):
    """Sends one claimed line; never raises for the receiver's or the network's failures."""

    server: str

    async def send(self, line: Outbound, note: Notification | None) -> SendResult: ...


@dataclass(frozen=True)
class Family:
    """A sender's channels, retry policy and concurrency; `name` labels its metrics and logs."""

    name: str
    channels: tuple[str, ...]
    policy: RetryPolicy
    concurrency: int
    poll_seconds: float


class OutboundSender:
    """Sends the lines of one channel family of one store; several may run on one store."""

    def __init__(
        self,
        ctx: NotificationsContext,
        family: Family,
        transport: Transport,
        *,
        store: DocumentStore,
        on_commit: Callable[[], None] | None = None,
        registry: CollectorRegistry | None = None,
        holder: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.family = family
        self.store = store
        self.transport = transport
        self.on_commit = on_commit
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.backlog = 0
        self._outcomes = Counter(
            f"campus_notifications_{family.name}_total",
            f"{family.name} attempts by result: sent, retry, failed, claim_lost.",
            ["result"],
            registry=registry or CollectorRegistry(),
        ).labels

    async def step(self) -> int:
        """One pass over due lines; returns how many it claimed or closed."""
        now = iso(self.ctx.now())
        limit = self.family.concurrency * 2
        due = await repo.due(self.store, now, limit=limit, channels=self.family.channels)
        claimed: list[Outbound] = []
        handled = 0
        for line in due:
            if len(claimed) >= self.family.concurrency:
                break
            taken = await self.take(line)
            if taken is None:
                continue
            handled += 1
            if taken.status == "sending":
                claimed.append(taken)
        results = await asyncio.gather(*(self._attempt(d) for d in claimed), return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            # The claims of crashed attempts expire and are retried; the loop restarts loudly.
            raise errors[0]
        return handled

    async def refresh_backlog(self) -> None:
        """Count lines not yet sent or failed, for the backlog gauge (read at scrape)."""
        self.backlog = await repo.backlog(self.store, self.family.channels)

    async def take(self, line: Outbound) -> Outbound | None:
        """Claim one line as read: `sending`, `failed` (no tries left), or None if beaten."""
        now = self.ctx.now()
        if not line.is_due(now):
            return None
        taken = line.claim(holder=self.holder, now=now, policy=self.family.policy)
        if taken.status == "failed":
            return taken if await self._finish(taken) else None
        uow = self._uow()
        repo.stage(uow, taken)
        try:
            await uow.commit()
        except VersionConflictError:
            return None
        return replace(taken, version=repo.stored_version(taken))

    async def _attempt(self, d: Outbound) -> None:
        """Send one claimed line and record the outcome."""
        note = await notices_repo.load(self.store, d.notification_id)
        if note is None and d.text is None:
            gone = SendResult("permanent", f"notification {d.notification_id} no longer exists")
            await self._finish(d.settle(gone, now=self.ctx.now(), policy=self.family.policy))
            return
        with caused_by(_causality(d), notification_id=d.notification_id):
            result = await self.transport.send(d, note)
        await self._finish(d.settle(result, now=self.ctx.now(), policy=self.family.policy))

    async def _finish(self, d: Outbound) -> bool:
        """Store a recorded outcome and its event in one write; False if the claim was lost."""
        uow = self._uow()
        note = await notices_repo.load(self.store, d.notification_id)
        metrics = self.ctx.metrics
        when = note.event_time if note else None
        now = self.ctx.now()
        uow.after_commit(lambda: metrics.settled([d], when, now))
        # The event belongs to the story of the event that caused the notification.
        with caused_by(_causality(d), notification_id=d.notification_id):
            repo.stage(uow, d)
            try:
                await uow.commit()
            except VersionConflictError:
                # Our claim expired and another sender took the line over: it sends again
                # (at least once), and its outcome is the one recorded.
                self._outcomes("claim_lost").inc()
                log.warning(
                    "outbound.claim_lost", notification_id=d.notification_id, holder=self.holder
                )
                return False
            self._log(d)
        return True

    def _uow(self) -> UnitOfWork:
        return UnitOfWork(self.store, source=SOURCE, clock=self.ctx.clock, on_commit=self.on_commit)

    def _log(self, d: Outbound) -> None:
        name = self.family.name
        fields = {
            "notification_id": d.notification_id,
            "recipient_id": d.recipient_id,
            "channel": d.channel,
            "attempts": d.attempts,
            "detail": d.detail,
        }
        if d.status == "sent":
            self._outcomes("sent").inc()
            log.info(f"{name}.sent", **fields)
        elif d.status == "failed":
            self._outcomes("failed").inc()
            log.error(f"{name}.failed", **fields)
        else:
            self._outcomes("retry").inc()
            when = iso(d.next_attempt_at) if d.next_attempt_at else None
            log.warning(f"{name}.retry", next_attempt_at=when, **fields)


def _causality(d: Outbound) -> Causality:
    """The story a line belongs to: the notification's correlation, caused by its event."""
    if d.cause == UNKNOWN:
        return Causality()
    return Causality(correlation_id=d.cause.correlation_id, causation_id=d.cause.event_id)


async def run(sender: OutboundSender) -> None:
    """Send due lines; when nothing is due, refresh the backlog and wait the family's poll."""
    while True:
        if await sender.step() == 0:
            await sender.refresh_backlog()
            await asyncio.sleep(sender.family.poll_seconds)


def install(runtime: Runtime, key: str, sender: OutboundSender) -> None:
    """Keep a sender in the runtime, with its backlog gauge on the service's registry."""
    runtime.metrics.gauge(
        f"campus_notifications_{sender.family.name}_backlog",
        f"{sender.family.name} deliveries pending or being sent.",
        lambda: sender.backlog,
    )
    runtime.state[key] = sender
    log.info("outbound.configured", family=sender.family.name, server=sender.transport.server)
