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
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter

from services.notifications import repository
from services.notifications.email_delivery import (
    DUE_STATUSES,
    EMAIL,
    EmailDelivery,
    RetryPolicy,
    SendResult,
    claim,
    is_due,
    record,
)
from services.notifications.email_message import Sender, compose
from services.notifications.events import NotificationDelivered, NotificationFailed
from services.notifications.settings import NotificationsSettings
from services.notifications.smtp import SmtpConfig, SmtpTransport
from shared.clock import Clock, iso
from shared.context import Causality, caused_by
from shared.logging import get_logger
from shared.store import Doc, DocumentStore, VersionConflictError
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
        *,
        store: DocumentStore,
        transport: SmtpTransport,
        sender: Sender,
        policy: RetryPolicy,
        clock: Clock,
        concurrency: int = 4,
        on_commit: Callable[[], None] | None = None,
        registry: CollectorRegistry | None = None,
        holder: str | None = None,
    ) -> None:
        self.store = store
        self.transport = transport
        self.sender = sender
        self.policy = policy
        self.clock = clock
        self.concurrency = concurrency
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
        now = self.clock()
        due = await repository.due_email_deliveries(
            self.store, iso(now), limit=self.concurrency * 2
        )
        claimed: list[EmailDelivery] = []
        handled = 0
        for doc in due:
            if len(claimed) >= self.concurrency:
                break
            taken = await self.take(doc)
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
        self.backlog = await self.store.count(
            repository.DELIVERIES, {"status": {"$in": list(DUE_STATUSES)}}
        )

    async def take(self, doc: Doc) -> EmailDelivery | None:
        """Claim one delivery as read: `sending`, `failed` (no tries left), or None if beaten."""
        current = repository.email_delivery_from_doc(doc)
        now = self.clock()
        if not is_due(current, now):
            return None
        taken = claim(current, holder=self.holder, now=now, policy=self.policy)
        if taken.status == "failed":
            return taken if await self._finish(taken) else None
        try:
            stored = await self.store.replace(
                repository.DELIVERIES, repository.email_delivery_doc(taken), current.version or 0
            )
        except VersionConflictError:
            return None
        return repository.email_delivery_from_doc(stored)

    async def _attempt(self, d: EmailDelivery) -> None:
        """Send one claimed delivery and record the outcome."""
        note = await self.store.get(repository.NOTIFICATIONS, d.notification_id)
        if note is None:
            await self._finish(record(d, _missing(d), now=self.clock(), policy=self.policy))
            return
        mail = compose(
            notification_id=d.notification_id,
            event_type=note["event_type"],
            message=repository.message_of(note),
            links=note["links"],
            created_at=d.created_at,
            to_address=d.address,
            to_name=d.display_name,
            sender=self.sender,
        )
        causality = Causality(
            correlation_id=note["correlation_id"], causation_id=note["source_event_id"]
        )
        with caused_by(causality, notification_id=d.notification_id):
            result = await self.transport.send(mail, to=d.address)
        done = record(d, result, now=self.clock(), policy=self.policy)
        await self._finish(done, note=note)

    async def _finish(self, d: EmailDelivery, *, note: Doc | None = None) -> bool:
        """Store a recorded outcome and its event in one write; False if the claim was lost."""
        if note is None:
            note = await self.store.get(repository.NOTIFICATIONS, d.notification_id)
        uow = UnitOfWork(self.store, source=SOURCE, clock=self.clock, on_commit=self.on_commit)
        uow.replace(repository.DELIVERIES, repository.email_delivery_doc(d))
        # The event belongs to the story of the event that caused the notification.
        causality = Causality(
            correlation_id=note["correlation_id"] if note else None,
            causation_id=note["source_event_id"] if note else None,
        )
        with caused_by(causality, notification_id=d.notification_id):
            event = _event_of(d, note)
            if event is not None:
                uow.emit(event, subject=d.notification_id)
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


def _event_of(
    d: EmailDelivery, note: Doc | None
) -> NotificationDelivered | NotificationFailed | None:
    """The event a recorded outcome publishes; none while the delivery is still retried."""
    source_id = note["source_event_id"] if note else "unknown"
    source_type = note["event_type"] if note else "unknown"
    if d.status == "sent":
        return NotificationDelivered(
            notification_id=d.notification_id,
            recipient_id=d.recipient_id,
            channel=EMAIL,
            source_event_id=source_id,
            source_event_type=source_type,
        )
    if d.status == "failed":
        return NotificationFailed(
            notification_id=d.notification_id,
            recipient_id=d.recipient_id,
            channel=EMAIL,
            reason=d.detail or "failed",
            attempts=d.attempts,
            source_event_id=source_id,
            source_event_type=source_type,
        )
    return None


def _missing(d: EmailDelivery) -> SendResult:
    return SendResult("permanent", f"notification {d.notification_id} no longer exists")


def from_settings(
    settings: NotificationsSettings,
    *,
    store: DocumentStore,
    clock: Clock,
    on_commit: Callable[[], None] | None = None,
    registry: CollectorRegistry | None = None,
) -> EmailSender:
    """A sender configured by the service settings."""
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    transport = SmtpTransport(
        SmtpConfig(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            timeout_seconds=settings.smtp_timeout_seconds,
            starttls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=password,
        )
    )
    policy = RetryPolicy(
        max_attempts=settings.email_max_attempts,
        backoff_seconds=settings.email_backoff_seconds,
        backoff_max_seconds=settings.email_backoff_max_seconds,
        claim_seconds=settings.smtp_claim_seconds,
    )
    return EmailSender(
        store=store,
        transport=transport,
        sender=Sender(settings.smtp_from, settings.smtp_from_name),
        policy=policy,
        clock=clock,
        concurrency=settings.email_concurrency,
        on_commit=on_commit,
        registry=registry,
    )


async def prepare_email(runtime: Runtime) -> None:
    """On start: build the sender once, with its metrics on the service's registry."""
    if STATE_KEY in runtime.state:
        return
    settings = runtime.settings
    assert isinstance(settings, NotificationsSettings)
    sender = from_settings(
        settings,
        store=runtime.store,
        clock=runtime.clock,
        on_commit=runtime.relay.notify,
        registry=runtime.metrics.registry,
    )
    runtime.metrics.gauge(
        "campus_notifications_email_backlog",
        "E-mail deliveries pending or being sent.",
        lambda: sender.backlog,
    )
    runtime.state[STATE_KEY] = sender
    log.info("email.configured", server=sender.transport.server, sender=settings.smtp_from)


async def send_email(runtime: Runtime) -> None:
    """Background loop: send due e-mail; when nothing is due, wait `email_poll_seconds`."""
    sender: EmailSender = runtime.state[STATE_KEY]
    settings = runtime.settings
    assert isinstance(settings, NotificationsSettings)
    while True:
        if await sender.step() == 0:
            await sender.refresh_backlog()
            await asyncio.sleep(settings.email_poll_seconds)
