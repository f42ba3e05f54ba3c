"""Delivery channels: the in-app inbox (always on) and e-mail (per person, optional).

A channel decides, inside the consumer's unit of work, what the delivery log records for one
notification. `in_app` is *immediate*: the stored notification is the delivery (the recipient
reads it at GET /notifications/me). `email` talks to the outside world, so it never sends there:
it records a `pending` delivery in the same atomic write, and the e-mail sender (`sender.py`, a
background loop) takes due deliveries, sends them through SMTP, retries with backoff and records
`sent` or `failed` — so a slow mail server cannot hold up the queue, and a crash loses no mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from services.notifications.domain import IN_APP, Notification, Person
from services.notifications.email_delivery import EMAIL

DeliveryStatus = Literal["delivered", "pending", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What a channel decided for one notification inside the consumer's write."""

    channel: str
    status: DeliveryStatus
    detail: str | None = None
    #: Where a pending delivery goes (an e-mail address).
    address: str | None = None


class Channel(Protocol):
    """A way of reaching a person."""

    name: str
    #: True when delivery completes inside the consumer's write (no outside I/O).
    immediate: bool

    def deliver(self, notification: Notification, person: Person | None) -> Outcome:
        """The outcome of delivering `notification` on this channel, as of the consumer's write."""
        ...


class InAppChannel:
    """The in-app inbox: storing the notification delivers it."""

    name = IN_APP
    immediate = True

    def deliver(self, notification: Notification, person: Person | None) -> Outcome:
        """Delivered as soon as the notification is stored."""
        return Outcome(channel=self.name, status="delivered")


class EmailChannel:
    """E-mail: a pending delivery now, sent later by the background sender."""

    name = EMAIL
    immediate = False

    def deliver(self, notification: Notification, person: Person | None) -> Outcome:
        """Pending to the person's address; failed at once when the directory has none."""
        if person is None or not person.email:
            # The directory refuses e-mail without an address; an entry stored before that rule
            # is reported, not skipped.
            return Outcome(self.name, "failed", "no e-mail address in the directory")
        return Outcome(self.name, "pending", address=person.email)


CHANNELS: dict[str, Channel] = {IN_APP: InAppChannel(), EMAIL: EmailChannel()}


def available() -> tuple[str, ...]:
    """Names of the channels that can be configured for a person."""
    return tuple(CHANNELS)
