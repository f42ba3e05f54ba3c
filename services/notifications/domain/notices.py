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
from services.notifications.events import (
    NotificationDelivered,
    NotificationFailed,
    NotificationRead,
)
from shared.aggregate import Aggregate

_NOTIFICATION_NS = uuid.UUID("6f1c6a55-3c1e-4f0e-9a5e-8d1c0b7a2e41")
InboxStatus = Literal["unread", "read"]
#: alert: caused by a consumed event; escalation: the same alert, unacknowledged, one level up;
#: digest: the day's low-severity alerts of one person in one message.
Kind = Literal["alert", "escalation", "digest"]


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
    severity: str = "info"
    #: Critical alerts are acknowledged (by any of their recipients), or escalated.
    ack_required: bool = False
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    kind: Kind = "alert"
    #: The consumed event's own time, for the event-to-delivery latency.
    event_time: datetime | None = None
    #: A template that failed to render for this notification (the plain default was used).
    template_error: str | None = None
    version: int | None = None

    @property
    def cause(self) -> Cause:
        """The event the notification tells about."""
        return Cause(self.source_event_id, self.event_type, self.correlation_id)

    def read(self, *, at: datetime) -> Notification:
        """The notification marked read; one already read is returned as it is."""
        if self.status == "read":
            return self
        read = replace(self, status="read", read_at=at)
        read.record(
            NotificationRead(
                notification_id=self.notification_id,
                recipient_id=self.recipient_id,
                source_event_id=self.source_event_id,
                source_event_type=self.event_type,
            )
        )
        return read

    def acknowledged(self, *, at: datetime, by: str) -> Notification:
        """Marked acknowledged (and read); the alert's incident records the event."""
        if self.acknowledged_at is not None:
            return self
        return replace(
            self,
            acknowledged_at=at,
            acknowledged_by=by,
            status="read",
            read_at=self.read_at or at,
        )


def notification_id(source_event_id: str, recipient_id: str, kind: Kind = "alert") -> str:
    """The same id for the same (event, recipient, kind), however often the event arrives."""
    key = f"{source_event_id}|{recipient_id}" + ("" if kind == "alert" else f"|{kind}")
    return str(uuid.uuid5(_NOTIFICATION_NS, key))


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
    #: The consumed event's type (the delivery log is filtered by it).
    event_type: str | None = None

    @property
    def delivery_id(self) -> str:
        """One line per notification and channel."""
        return delivery_id(self.notification_id, self.channel)

    @classmethod
    def delivered(cls, note: Notification, channel: str) -> Delivery:
        """Reached with the write itself (in-app: storing it was the one attempt)."""
        line = cls(
            note.notification_id,
            note.recipient_id,
            channel,
            "delivered",
            None,
            1,
            note.created_at,
            note.event_type,
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
            note.notification_id,
            note.recipient_id,
            channel,
            "failed",
            reason,
            0,
            note.created_at,
            note.event_type,
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
