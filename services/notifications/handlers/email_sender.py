"""The e-mail sender: a background loop that sends due deliveries and records what happened.

Each pass (`EmailSender.step`) finds due deliveries, claims each with a conditional replace (so
two senders, in one process or several, never both send one), sends the claimed ones through
SMTP a few at a time, and records each outcome with a conditional replace on the claimed
version, together with its event (`delivered` or `failed`), in one atomic write.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter

from services.notifications.domain.email import EmailDelivery, SendResult
from services.notifications.domain.mime import compose
from services.notifications.domain.notices import UNKNOWN
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.smtp import SmtpTransport
from services.notifications.repository import deliveries as repo
from services.notifications.repository import notices as notices_repo
from services.notifications.settings import NotificationsSettings
from shared.clock import Clock, iso
from shared.context import Causality, caused_by
from shared.logging import get_logger
from shared.store import DocumentStore, VersionConflictError
from shared.uow import UnitOfWork

if TYPE_CHECKING:
    from shared.service import Runtime

log = get_logger(__name__)
SOURCE = "/campus-logistics/notifications"
STATE_KEY = "email_sender"


class EmailSender:
    """Sends the e-mail deliveries of one store; several may run on one store at once."""

    def __init__(
        self,
        ctx: NotificationsContext,
        *,
        store: DocumentStore,
        transport: SmtpTransport | None = None,
        on_commit: Callable[[], None] | None = None,
        registry: CollectorRegistry | None = None,
        holder: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.store = store
        self.transport = transport or SmtpTransport(ctx.smtp)
        self.concurrency = ctx.settings.email_concurrency
        self.on_commit = on_commit
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.backlog = 0
        self._outcomes = Counter(
            "campus_notifications_email_total",
            "E-mail attempts by result: sent, retry, failed, claim_lost.",
            ["result"],
            registry=registry or CollectorRegistry(),
        ).labels

    async def step(self) -> int:
        """One pass over due deliveries; returns how many it claimed or closed."""
        due = await repo.due(self.store, iso(self.ctx.now()), limit=self.concurrency * 2)
        claimed: list[EmailDelivery] = []
        handled = 0
        for line in due:
            if len(claimed) >= self.concurrency:
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
        """Count deliveries not yet sent or failed, for the backlog gauge (read at scrape)."""
        self.backlog = await repo.backlog(self.store)

    async def take(self, line: EmailDelivery) -> EmailDelivery | None:
        """Claim one delivery as read: `sending`, `failed` (no tries left), or None if beaten."""
        now = self.ctx.now()
        if not line.is_due(now):
            return None
        taken = line.claim(holder=self.holder, now=now, policy=self.ctx.policy)
        if taken.status == "failed":
            return taken if await self._finish(taken) else None
        uow = self._uow()
        repo.stage(uow, taken)
        try:
            await uow.commit()
        except VersionConflictError:
            return None
        return replace(taken, version=repo.stored_version(taken))

    async def _attempt(self, d: EmailDelivery) -> None:
        """Send one claimed delivery and record the outcome."""
        note = await notices_repo.load(self.store, d.notification_id)
        if note is None:
            gone = SendResult("permanent", f"notification {d.notification_id} no longer exists")
            await self._finish(d.settle(gone, now=self.ctx.now(), policy=self.ctx.policy))
            return
        mail = compose(
            notification_id=d.notification_id,
            event_type=note.event_type,
            message=note.message,
            links=note.message.links,
            created_at=d.created_at,
            to_address=d.address,
            to_name=d.display_name,
            sender=self.ctx.mail_from,
        )
        with caused_by(_causality(d), notification_id=d.notification_id):
            result = await self.transport.send(mail, to=d.address)
        await self._finish(d.settle(result, now=self.ctx.now(), policy=self.ctx.policy))

    async def _finish(self, d: EmailDelivery) -> bool:
        """Store a recorded outcome and its event in one write; False if the claim was lost."""
        uow = self._uow()
        # The event belongs to the story of the event that caused the notification.
        with caused_by(_causality(d), notification_id=d.notification_id):
            repo.stage(uow, d)
            try:
                await uow.commit()
            except VersionConflictError:
                # Our claim expired and another sender took the delivery over: it sends again
                # (at least once), and its outcome is the one recorded.
                self._outcomes("claim_lost").inc()
                log.warning(
                    "email.claim_lost", notification_id=d.notification_id, holder=self.holder
                )
                return False
            self._log(d)
        return True

    def _uow(self) -> UnitOfWork:
        return UnitOfWork(self.store, source=SOURCE, clock=self.ctx.clock, on_commit=self.on_commit)

    def _log(self, d: EmailDelivery) -> None:
        fields = {
            "notification_id": d.notification_id,
            "recipient_id": d.recipient_id,
            "attempts": d.attempts,
            "detail": d.detail,
        }
        if d.status == "sent":
            self._outcomes("sent").inc()
            log.info("email.sent", **fields)
        elif d.status == "failed":
            self._outcomes("failed").inc()
            log.error("email.failed", **fields)
        else:
            self._outcomes("retry").inc()
            when = iso(d.next_attempt_at) if d.next_attempt_at else None
            log.warning("email.retry", next_attempt_at=when, **fields)


def _causality(d: EmailDelivery) -> Causality:
    """The story a delivery belongs to: the notification's correlation, caused by its event."""
    if d.cause == UNKNOWN:
        return Causality()
    return Causality(correlation_id=d.cause.correlation_id, causation_id=d.cause.event_id)


def from_settings(
    settings: NotificationsSettings,
    *,
    store: DocumentStore,
    clock: Clock,
    on_commit: Callable[[], None] | None = None,
    registry: CollectorRegistry | None = None,
) -> EmailSender:
    """A sender configured by the service settings."""
    ctx = NotificationsContext.from_settings(settings, clock)
    return EmailSender(ctx, store=store, on_commit=on_commit, registry=registry)


async def prepare_email(runtime: Runtime) -> None:
    """On start: build the sender once, with its metrics on the service's registry."""
    if STATE_KEY in runtime.state:
        return
    ctx = runtime.context
    assert isinstance(ctx, NotificationsContext)
    sender = EmailSender(
        ctx,
        store=runtime.store,
        on_commit=runtime.relay.notify,
        registry=runtime.metrics.registry,
    )
    runtime.metrics.gauge(
        "campus_notifications_email_backlog",
        "E-mail deliveries pending or being sent.",
        lambda: sender.backlog,
    )
    runtime.state[STATE_KEY] = sender
    log.info("email.configured", server=sender.transport.server, sender=ctx.mail_from.address)


async def send_email(runtime: Runtime) -> None:
    """Background loop: send due e-mail; when nothing is due, wait `email_poll_seconds`."""
    sender: EmailSender = runtime.state[STATE_KEY]
    while True:
        if await sender.step() == 0:
            await sender.refresh_backlog()
            await asyncio.sleep(sender.ctx.settings.email_poll_seconds)
