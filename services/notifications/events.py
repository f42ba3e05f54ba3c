"""Events the notifications service publishes: its public contract, one per channel outcome."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from shared.envelope import EventData, EventRegistry
from shared.personal_data import PersonalDataRead

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


@registry.register(
    "notifications.alert.undeliverable.v1",
    example={
        "source_event_id": "5c0e8f7a-2b6d-4c1e-9a3f-7d2b1e0c4a58",
        "source_event_type": "canteen.stock.expiring.v1",
        "reason": "no canteen_manager of canteen north in the directory; no logistics_admin to "
        "fall back to",
    },
)
class AlertUndeliverable(EventData):
    """A consumed event reached nobody; it is routed again when the directory or rules change."""

    source_event_id: str
    source_event_type: str
    reason: str


@registry.register(
    "notifications.notification.read.v1",
    example={
        "notification_id": "2efa5890-39e1-5f6b-8baa-1cda7f50617e",
        "recipient_id": "u-dispatcher-1",
        "source_event_id": "3f6d2a8e-5b1c-4e7a-9d0f-2c8b7a6e5d41",
        "source_event_type": "maintenance.ticket.opened.v1",
    },
)
class NotificationRead(EventData):
    """A recipient marked a notification read (its inbox state changed; nothing more)."""

    notification_id: str
    recipient_id: str
    source_event_id: str
    source_event_type: str


@registry.register(
    "notifications.alert.acknowledged.v1",
    example={
        "source_event_id": "8d4f2a16-7c3b-4e9d-b1a0-5e6c7d8f9a01",
        "source_event_type": "canteen.temperature.out_of_range.v1",
        "acknowledged_by": "u-canteen-manager-1",
        "notification_id": "0f3b9c2e-6a51-5d7e-8b4c-2a1d9e8f7c60",
    },
)
class AlertAcknowledged(EventData):
    """A recipient acknowledged a critical alert: it will not be escalated."""

    source_event_id: str
    source_event_type: str
    acknowledged_by: str
    notification_id: str


@registry.register(
    "notifications.alert.escalated.v1",
    example={
        "source_event_id": "8d4f2a16-7c3b-4e9d-b1a0-5e6c7d8f9a01",
        "source_event_type": "canteen.temperature.out_of_range.v1",
        "after_minutes": 30,
        "recipient_ids": ["u-admin-1"],
    },
)
class AlertEscalated(EventData):
    """A critical alert nobody acknowledged in time went to the next level (once)."""

    source_event_id: str
    source_event_type: str
    after_minutes: int
    recipient_ids: list[str]


@registry.register(
    "notifications.rule.changed.v1",
    example={
        "rule_id": "canteen-food-safety",
        "origin": "api",
        "change": "saved",
        "events": ["canteen.sample.violation.v1", "canteen.temperature.out_of_range.v1"],
        "enabled": True,
        "rule": {
            "events": ["canteen.sample.violation.v1", "canteen.temperature.out_of_range.v1"],
            "recipients": [{"role": "canteen_manager", "in": "canteen"}],
            "escalate_after_minutes": 30,
            "escalate_to": [{"role": "logistics_admin", "in": "all"}],
        },
    },
)
class RuleChanged(EventData):
    """A routing rule was saved or deleted (from the rules file at start, or over the API)."""

    rule_id: str
    origin: str = Field(description="file (deploy/notifications/rules.toml) or api")
    change: str = Field(description="saved or deleted")
    events: list[str]
    enabled: bool
    rule: dict[str, Any] = Field(description="the whole rule as stored")


@registry.register(
    "notifications.person.saved.v1",
    example={
        "user_id": "u-canteen-manager-2",
        "change": "created",
        "roles": ["canteen_manager"],
        "scopes": {"canteen": ["south"]},
        "channels": ["in_app", "email"],
        "active": True,
        "duties": [],
        "has_email": True,
        "has_phone": False,
        "quiet_hours": None,
        "digest": False,
        "language": "zh-CN",
    },
)
class PersonSaved(EventData):
    """A directory entry or a person's own settings changed (contact details are not carried)."""

    user_id: str
    change: str = Field(description="created, saved (by an administrator) or preferences")
    roles: list[str]
    scopes: dict[str, list[str]]
    channels: list[str]
    active: bool
    duties: list[str]
    has_email: bool
    has_phone: bool
    quiet_hours: str | None = Field(default=None, description="HH:MM-HH:MM, campus time")
    digest: bool = False
    language: str = "zh-CN"


@registry.register(
    "notifications.endpoint.changed.v1",
    example={
        "endpoint_id": "wecom-south-kitchen",
        "change": "created",
        "kind": "wecom",
        "host": "qyapi.weixin.qq.com",
        "scopes": {"canteen": ["south"]},
        "active": True,
        "secret_changed": True,
        "secret_fingerprint": None,
    },
)
class EndpointChanged(EventData):
    """A webhook or robot endpoint was created or changed; the secret itself is never carried."""

    endpoint_id: str
    change: str
    kind: str
    host: str
    scopes: dict[str, list[str]]
    active: bool
    secret_changed: bool
    secret_fingerprint: str | None = None


@registry.register(
    "notifications.template.changed.v1",
    example={
        "name": "canteen.inspection.failed.v1.zh-CN",
        "change": "saved",
        "sha256": "6b1f0c1e3f1a4c55a2f07c3c1d1b8e3e9a0e2f4d6c8b0a1e3f5d7c9b1a3e5f70",
    },
)
class TemplateChanged(EventData):
    """An administrator overrode a message template, or removed the override (back to the file)."""

    name: str
    change: str = Field(description="saved or reset")
    sha256: str | None = None


@registry.register(
    "notifications.template.failed.v1",
    example={
        "name": "canteen.inspection.failed.v1.zh-CN",
        "error": "UndefinedError: 'dict object' has no attribute 'plce'",
        "source_event_id": "3f6d2a8e-5b1c-4e7a-9d0f-2c8b7a6e5d41",
        "source_event_type": "canteen.inspection.failed.v1",
    },
)
class TemplateFailed(EventData):
    """A template failed to render; the plain default was sent instead (nothing was dropped)."""

    name: str
    error: str
    source_event_id: str
    source_event_type: str


@registry.register(
    "notifications.personal_data.read.v1",
    example={
        "subject_kind": "person",
        "subject_ids": ["u-dispatcher-1"],
        "fields": ["email", "name"],
        "route": "GET /people/{user_id}",
    },
)
class DirectoryRead(PersonalDataRead):
    """Entries of the people directory (names, e-mail addresses) were read."""
