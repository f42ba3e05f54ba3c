"""Delivery channels: the in-app inbox (always on) and e-mail (per person, optional).

A channel decides, inside the consumer's unit of work, the delivery-log line of one
notification. `in_app` is *immediate*: the stored notification is the delivery (the recipient
reads it at GET /notifications/me). `email` talks to the outside world, so it never sends there:
it writes a `pending` line in the same atomic write, and the e-mail sender (a background loop,
`handlers/email_sender.py`) sends due lines through SMTP, retries with backoff and records
`sent` or `failed`, so a slow mail server cannot hold up the queue and a crash loses no mail.
A new channel (a webhook, SMS) is one more class here and one more name in `CHANNELS`.
"""

from __future__ import annotations

from typing import Protocol

from services.notifications.domain.directory import EMAIL, IN_APP, Person
from services.notifications.domain.email import EmailDelivery
from services.notifications.domain.notices import Delivery, Notification

#: A line of the delivery log: settled at once, or an e-mail on its way.
Line = Delivery | EmailDelivery


class Channel(Protocol):
    """A way of reaching a person."""

    name: str

    def deliver(self, note: Notification, person: Person | None) -> Line:
        """The delivery-log line of `note` on this channel, as of the consumer's write."""
        ...


class InAppChannel:
    """The in-app inbox: storing the notification delivers it."""

    name = IN_APP

    def deliver(self, note: Notification, person: Person | None) -> Line:
        """Delivered as soon as the notification is stored."""
        return Delivery.delivered(note, self.name)


class EmailChannel:
    """E-mail: a pending delivery now, sent later by the background sender."""

    name = EMAIL

    def deliver(self, note: Notification, person: Person | None) -> Line:
        """Pending to the person's address; failed at once when the directory has none."""
        if person is None or not person.email:
            # The directory refuses e-mail without an address; an entry stored before that rule
            # is reported, not skipped.
            return Delivery.failed(note, self.name, "no e-mail address in the directory")
        return EmailDelivery.pending(note, address=person.email, name=person.name)


CHANNELS: dict[str, Channel] = {IN_APP: InAppChannel(), EMAIL: EmailChannel()}


def available() -> tuple[str, ...]:
    """Names of the channels that can be configured for a person."""
    return tuple(CHANNELS)


def deliver(note: Notification, person: Person | None) -> list[Line]:
    """The delivery-log line of each of the notification's channels."""
    return [CHANNELS[name].deliver(note, person) for name in note.channels]
