"""Events the notifications service publishes: its public contract."""

from __future__ import annotations

from pydantic import Field

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


@registry.register("notifications.notification.delivered.v1")
class NotificationDelivered(EventData):
    """A notification reached a recipient on one channel (in-app: it is in their inbox)."""

    notification_id: str
    recipient_id: str
    channel: str
    source_event_id: str
    source_event_type: str = Field(description="the event type that caused the notification")
