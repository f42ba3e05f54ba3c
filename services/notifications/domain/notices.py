"""Notifications and the delivery log of the channels that complete at once. Pure, no I/O.

A consumed event becomes one `Notification` per recipient (`plan`); each of the recipient's
channels adds one line to the delivery log. A line that is settled when it is written
(`Delivery`: the in-app inbox, or a channel that cannot even try) records its event at once; an
e-mail line lives on (`email.EmailDelivery`) and records its event when it ends.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from services.notifications.domain.templates import Message
from services.notifications.events import NotificationDelivered, NotificationFailed
from shared.aggregate import Aggregate

_NOTIFICATION_NS = uuid.UUID("6f1c6a55-3c1e-4f0e-9a5e-8d1c0b7a2e41")
InboxStatus = Literal["unread", "read"]


@dataclass(frozen=True)
class Cause:
    """The consumed event a notification (and each of its deliveries) belongs to."""

    event_id: str
    event_type: str
    correlation_id: str | None


#: The cause of a delivery whose notification is gone (its events still say something).
UNKNOWN = Cause("unknown", "unknown", None)


@dataclass(frozen=True)
class Notification(Aggregate):
    """One in-app notification for one recipient, caused by one event."""

    notification_id: str
    recipient_id: str
    event_type: str
    source_event_id: str
    correlation_id: str
    subject: str | None
    message: Message
    created_at: datetime
    channels: tuple[str, ...]
    status: InboxStatus = "unread"
    read_at: datetime | None = None
    version: int | None = None

    @property
    def cause(self) -> Cause:
        """The event the notification tells about."""
        return Cause(self.source_event_id, self.event_type, self.correlation_id)

    def read(self, *, at: datetime) -> Notification:
        """The notification marked read; one already read is returned as it is."""
        if self.status == "read":
            return self
        return replace(self, status="read", read_at=at)


def notification_id(source_event_id: str, recipient_id: str) -> str:
    """The same id for the same (event, recipient), however often the event arrives."""
    return str(uuid.uuid5(_NOTIFICATION_NS, f"{source_event_id}|{recipient_id}"))


def plan(
    *,
    event_type: str,
    event_id: str,
    correlation_id: str,
    subject: str | None,
    message: Message,
    to: list[tuple[str, tuple[str, ...]]],
    now: datetime,
) -> list[Notification]:
    """One notification per recipient, each on the recipient's channels."""
    return [
        Notification(
            notification_id=notification_id(event_id, user_id),
            recipient_id=user_id,
            event_type=event_type,
            source_event_id=event_id,
            correlation_id=correlation_id,
            subject=subject,
            message=message,
            created_at=now,
            channels=channels,
        )
        for user_id, channels in to
    ]


@dataclass(frozen=True)
class Delivery(Aggregate):
    """A delivery-log line settled when written: delivered (in-app) or failed before trying."""

    notification_id: str
    recipient_id: str
    channel: str
    status: Literal["delivered", "failed"]
    detail: str | None
    attempts: int
    at: datetime

    @property
    def delivery_id(self) -> str:
        """One line per notification and channel."""
        return delivery_id(self.notification_id, self.channel)

    @classmethod
    def delivered(cls, note: Notification, channel: str) -> Delivery:
        """Reached with the write itself (in-app: storing it was the one attempt)."""
        line = cls(
            note.notification_id, note.recipient_id, channel, "delivered", None, 1, note.created_at
        )
        line.record(
            NotificationDelivered(
                notification_id=note.notification_id,
                recipient_id=note.recipient_id,
                channel=channel,
                source_event_id=note.source_event_id,
                source_event_type=note.event_type,
            )
        )
        return line

    @classmethod
    def failed(cls, note: Notification, channel: str, reason: str) -> Delivery:
        """Failed before any attempt (the directory lacks what the channel needs)."""
        line = cls(
            note.notification_id, note.recipient_id, channel, "failed", reason, 0, note.created_at
        )
        line.record(
            NotificationFailed(
                notification_id=note.notification_id,
                recipient_id=note.recipient_id,
                channel=channel,
                reason=reason,
                attempts=0,
                source_event_id=note.source_event_id,
                source_event_type=note.event_type,
            )
        )
        return line


def delivery_id(notification_id: str, channel: str) -> str:
    """The delivery-log id of a notification on one channel."""
    return f"{notification_id}|{channel}"
