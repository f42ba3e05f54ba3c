"""Events the notifications service publishes: its public contract, one per channel outcome."""

from __future__ import annotations

from pydantic import Field

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


@registry.register(
    "notifications.notification.delivered.v1",
    example={
        "notification_id": "2efa5890-39e1-5f6b-8baa-1cda7f50617e",
        "recipient_id": "u-dispatcher-1",
        "channel": "in_app",
        "source_event_id": "3f6d2a8e-5b1c-4e7a-9d0f-2c8b7a6e5d41",
        "source_event_type": "maintenance.ticket.opened.v1",
    },
)
class NotificationDelivered(EventData):
    """A notification reached its recipient on one channel (in_app: stored; email: accepted)."""

    notification_id: str
    recipient_id: str
    channel: str
    source_event_id: str
    source_event_type: str = Field(description="the event type that caused the notification")


@registry.register(
    "notifications.notification.failed.v1",
    example={
        "notification_id": "232a055b-70ba-5aa5-be82-08b4ae9ee649",
        "recipient_id": "u-canteen-manager-1",
        "channel": "email",
        "reason": "rejected: RCPT: 550 5.1.1 <zhao.canteen@example.edu.cn>: no such user",
        "attempts": 1,
        "source_event_id": "9b2e4c71-0d3a-4f58-a6e2-7c1d5b8f3a90",
        "source_event_type": "canteen.stock.expiring.v1",
    },
)
class NotificationFailed(EventData):
    """A notification could not reach its recipient on one channel, and will not be retried."""

    notification_id: str
    recipient_id: str
    channel: str
    reason: str = Field(description="why it failed: the server's answer, or attempts exhausted")
    attempts: int = Field(ge=0, description="delivery attempts made on this channel")
    source_event_id: str
    source_event_type: str = Field(description="the event type that caused the notification")
