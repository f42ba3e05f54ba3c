"""Delivery channels. Only `in_app` exists; e-mail and others are deliberately not built yet.

A channel turns a stored notification into a delivery outcome. `in_app` is *immediate*: the
stored notification is the delivery (the recipient reads it at GET /notifications/me), so its
outcome is decided inside the consumer's unit of work. A channel that talks to the outside world
(SMTP, SMS, WeCom) must not run inside that unit of work: it would record a `pending` delivery
there and a background sender would take pending deliveries from the log, retry with backoff
and publish `notifications.notification.failed.v1` when it gives up. Until such a channel is
implemented, the directory refuses any channel name but `in_app`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from services.notifications.domain import IN_APP, Notification

DeliveryStatus = Literal["delivered", "pending", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What a channel did with one notification."""

    channel: str
    status: DeliveryStatus
    detail: str | None = None


class Channel(Protocol):
    """A way of reaching a person."""

    name: str
    #: True when delivery completes inside the consumer's write (no outside I/O).
    immediate: bool

    def deliver(self, notification: Notification) -> Outcome:
        """The outcome of delivering `notification` on this channel."""
        ...


class InAppChannel:
    """The in-app inbox: storing the notification delivers it."""

    name = IN_APP
    immediate = True

    def deliver(self, notification: Notification) -> Outcome:
        """Delivered as soon as the notification is stored."""
        return Outcome(channel=self.name, status="delivered")


CHANNELS: dict[str, Channel] = {IN_APP: InAppChannel()}


def available() -> tuple[str, ...]:
    """Names of the channels that can be configured for a person."""
    return tuple(CHANNELS)
