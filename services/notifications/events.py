"""Events the notifications service publishes: its public contract."""

from __future__ import annotations

from pydantic import Field

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


@registry.register("notifications.notification.delivered.v1")
class NotificationDelivered(EventData):
    """A notification reached its recipient on one channel (in_app: stored; email: accepted)."""

    notification_id: str
    recipient_id: str
    channel: str
    source_event_id: str
    source_event_type: str = Field(description="the event type that caused the notification")


@registry.register("notifications.notification.failed.v1")
class NotificationFailed(EventData):
    """A notification could not reach its recipient on one channel, and will not be retried."""

    notification_id: str
    recipient_id: str
    channel: str
    reason: str = Field(description="why it failed: the server's answer, or attempts exhausted")
    attempts: int = Field(ge=0, description="delivery attempts made on this channel")
    source_event_id: str
    source_event_type: str = Field(description="the event type that caused the notification")
